/** Types of markdown.js (plain browser JavaScript, no build step), for the tests that import it. */
export function escapeHtml(text: string): string;
export function renderMarkdown(markdown: string | undefined): string;
