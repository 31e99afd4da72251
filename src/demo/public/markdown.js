/**
 * A small, safe Markdown renderer for card details (CDS Hooks: `detail` is GitHub-flavoured Markdown). HTML in the
 * input is escaped FIRST, so a card can never inject markup; only the constructs below become tags, and links only
 * when they are http(s). Supported: paragraphs, line breaks, # headings, - / * / 1. lists (one level nested), **bold**, *italic*,
 * `code`, [label](url), backslash escapes.
 */

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** Inline constructs on already-escaped text. */
function inline(escaped) {
  const codes = [];
  // Kept aside so nothing inside is formatted: code spans, and backslash-escaped punctuation (CommonMark), which the
  // service uses to quote chart text literally. A raw '<' cannot occur in escaped text, so the placeholders cannot
  // collide with the card's own text.
  const keep = (html) => {
    codes.push(html);
    return `<c${codes.length - 1}>`;
  };
  let out = escaped.replace(/`([^`]+)`/g, (_m, code) => keep(`<code>${code}</code>`));
  out = out.replace(/\\(&amp;|&lt;|&gt;|&quot;|&#39;|[!-/:-@[-`{-~])/g, (_m, ch) => keep(ch));
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (match, label, url) => {
    // The URL was escaped with the rest, so quotes cannot break out of the attribute; only http(s) links are made.
    if (!/^https?:\/\//i.test(url)) return match;
    return `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  });
  out = out.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  out = out.replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
  return out.replace(/<c(\d+)>/g, (_m, i) => codes[Number(i)]);
}

/** Markdown text to HTML. */
export function renderMarkdown(markdown) {
  const lines = escapeHtml(markdown ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const html = [];
  let paragraph = [];
  let list = null;
  const flushParagraph = () => {
    if (paragraph.length) html.push(`<p>${paragraph.map(inline).join('<br>')}</p>`);
    paragraph = [];
  };
  const item = (entry) =>
    `<li>${inline(entry.text)}${entry.children.length ? `<ul>${entry.children.map((child) => `<li>${inline(child)}</li>`).join('')}</ul>` : ''}</li>`;
  const flushList = () => {
    if (list) html.push(`<${list.tag}>${list.items.map(item).join('')}</${list.tag}>`);
    list = null;
  };
  for (const line of lines) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (line.trim() === '') {
      flushParagraph();
      flushList();
    } else if (heading) {
      flushParagraph();
      flushList();
      // Card headings sit inside a card, so they start at h4.
      const level = heading[1].length + 3;
      html.push(`<h${level}>${inline(heading[2])}</h${level}>`);
    } else if (bullet && list && /^\s{2,}/.test(line) && list.items.length) {
      // An indented bullet under an item: one level of nesting (evidence under a criterion).
      list.items.at(-1).children.push(bullet[1]);
    } else if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push({ text: (bullet ?? numbered)[1], children: [] });
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return html.join('\n');
}
