/**
 * Card details rendered as an EHR renders them (CDS Hooks: `detail` is GitHub-flavoured Markdown): markdown-it for
 * the Markdown, with raw HTML off, then DOMPurify on the HTML it made, keeping only formatting and http(s) links,
 * which open in a new tab. So integrators judge the wording through a faithful view (italics, nested lists), and
 * nothing in a card can run script in the page.
 */
import markdownit from '/demo/vendor/markdown-it.mjs';
import DOMPurify from '/demo/vendor/purify.mjs';

const md = markdownit({ html: false, linkify: false, typographer: false });

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'blockquote',
  'hr',
];

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Safe HTML for a card's Markdown detail. */
export function renderCardMarkdown(markdown) {
  return DOMPurify.sanitize(md.render(String(markdown ?? '')), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href'],
    ALLOWED_URI_REGEXP: /^https?:\/\//i,
  });
}
