import { escapeMarkdown, markdownText, plainText } from '../../src/cards/request-text.js';

describe('plainText', () => {
  it('strips HTML, addresses and link syntax, and keeps the words', () => {
    expect(
      plainText('CT lumbar [Coverage re-check](https://evil.example/reauth) <img src=x onerror=alert(1)>'),
    ).toBe('CT lumbar [Coverage re-check] (link removed)');
    expect(plainText('see www.evil.example/x or <a href="y">this</a>')).toBe('see (link removed) or this');
  });

  it('keeps a < or > that starts no tag: it is clinical text', () => {
    expect(plainText('lesion <2 cm, T-score > -2.5')).toBe('lesion <2 cm, T-score > -2.5');
    expect(markdownText('lesion <2 cm')).toBe('lesion \\<2 cm');
    expect(plainText('CT <img src=x onerror=alert(1)')).toBe('CT');
  });

  it('removes control and direction characters and keeps one line', () => {
    expect(plainText('MRI\u202e lumbar\n\n# spine\u0007')).toBe('MRI lumbar # spine');
  });

  it('caps the length with an ellipsis', () => {
    expect(plainText('x'.repeat(300), 50)).toHaveLength(50);
    expect(plainText('x'.repeat(300), 50).endsWith('…')).toBe(true);
  });
});

describe('escapeMarkdown', () => {
  it('neutralises emphasis, links, images, html entities and autolinks', () => {
    expect(escapeMarkdown('Fracture *path* [x](y) ![i](z) &lt;b&gt; _u_')).toBe(
      'Fracture \\*path\\* \\[x\\](y) \\!\\[i\\](z) \\&lt;b\\&gt; \\_u\\_',
    );
    expect(escapeMarkdown('mail a@b.org at http://x')).toBe('mail a\\@b.org at http\\://x');
  });

  it('keeps a value from starting a list, a heading or a quote', () => {
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('# h')).toBe('\\# h');
    expect(escapeMarkdown('> q')).toBe('\\> q');
  });
});

describe('markdownText', () => {
  it('is plain text, then escaped', () => {
    expect(markdownText('<b>*x*</b> https://e.vil')).toBe('\\*x\\* (link removed)');
  });
});
