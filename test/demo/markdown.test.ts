/** The demo page's Markdown renderer: card text is formatted, never executed. */
import { escapeHtml, renderMarkdown } from '../../src/demo/public/markdown.js';

test('escapes HTML before formatting: a card cannot inject markup', () => {
  const html = renderMarkdown('<img src=x onerror=alert(1)> **bold** <script>x</script>');
  expect(html).not.toMatch(/<img|<script/);
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).toContain('<strong>bold</strong>');
});

test('links: http(s) only, with quotes in the URL kept inside the attribute', () => {
  expect(renderMarkdown('[policy](https://example.org/p?a=1&b=2)')).toBe(
    '<p><a href="https://example.org/p?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">policy</a></p>',
  );
  expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('<a');
  expect(renderMarkdown('[x](https://e.org/"onmouseover="y)')).not.toMatch(/href="[^"]*"onmouseover/);
});

test('paragraphs, line breaks, headings, lists, emphasis and code', () => {
  const html = renderMarkdown('# Title\n\nline one\nline two\n\n- a *b*\n- `c**d**`\n\n1. first\n2. second');
  expect(html).toBe(
    [
      '<h4>Title</h4>',
      '<p>line one<br>line two</p>',
      '<ul><li>a <em>b</em></li><li><code>c**d**</code></li></ul>',
      '<ol><li>first</li><li>second</li></ol>',
    ].join('\n'),
  );
});

test('empty and missing input render nothing', () => {
  expect(renderMarkdown('')).toBe('');
  expect(renderMarkdown(undefined)).toBe('');
  expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
});

test('an indented item nests under the item above it (evidence under a criterion)', () => {
  expect(renderMarkdown('- criterion\n  - evidence one\n  - evidence two\n- next')).toBe(
    '<ul><li>criterion<ul><li>evidence one</li><li>evidence two</li></ul></li><li>next</li></ul>',
  );
});

test('backslash escapes show the character and format nothing: quoted chart text stays words', () => {
  const html = renderMarkdown('CT \\[re-check\\](https\\://evil.example) \\*x\\* \\&lt;b\\&gt;');
  expect(html).toBe('<p>CT [re-check](https://evil.example) *x* &amp;lt;b&amp;gt;</p>');
  expect(html).not.toContain('<a');
});
