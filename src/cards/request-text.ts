/**
 * Text from the request or the chart (an order's code.text, another order's name, a display, a note, a FHIR
 * server's error) is never trusted inside a card. Before it fills a template it is reduced to plain text (HTML tags
 * and control characters removed, whitespace collapsed, length capped) and, for the Markdown detail, escaped so it
 * cannot format, link or embed anything: "CT lumbar [re-check](https://evil.example) <img onerror=…>" renders as
 * the words it is, with no link and no image. Card links never come from such text (see links.ts).
 */

/** Longest stretch of request text a card quotes; more is cut with an ellipsis. */
export const MAX_REQUEST_TEXT = 120;
export const LINK_REMOVED = '(link removed)';

const TAG = /<\/?[A-Za-z!?][^<>]*>?/g;
/** A URL, with or without a scheme: request text never carries a working address into a card. */
const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()[\]]*/gi;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

/**
 * Request text as plain text: no HTML, no address, no link syntax, no control or direction characters, one line,
 * at most `max` characters. What was an address reads "(link removed)", so the reader sees that something was there.
 * A "<" or ">" that starts no tag is text ("lesion <2 cm") and stays; escapeMarkdown makes it inert in the detail.
 */
export function plainText(text: string, max: number = MAX_REQUEST_TEXT): string {
  const plain = text
    .replace(TAG, ' ')
    .replace(URL_LIKE, LINK_REMOVED)
    .replace(/\(\s*\(link removed\)\s*\)/g, LINK_REMOVED)
    .replace(/\]\s*\(/g, '] (')
    .replace(CONTROL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

/**
 * Markdown-escapes text that is already plain: every character CommonMark/GFM could read as syntax gets a
 * backslash, and what GFM would turn into a link by itself (http://, www., e-mail addresses) is broken up the same
 * way, so a renderer shows the characters and links nothing.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/([\\`*_[\]<>#|~&!])/g, '\\$1')
      .replace(/:\/\//g, '\\://')
      .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`)
      .replace(/@/g, '\\@')
      // A value that starts a line must not start a list or a block quote either.
      .replace(/^([-+=])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/** Request text for a Markdown template: plain, then escaped. */
export function markdownText(text: string, max?: number): string {
  return escapeMarkdown(plainText(text, max));
}
