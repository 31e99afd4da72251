/**
 * Chart data (code displays, messages) is quoted inside card markdown. Escaping keeps a display such as
 * "Fracture *pathological*" or "[see note]" from changing the formatting or smuggling in a link.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]<>#|])/g, '\\$1')
    .replace(/\s+/g, ' ')
    .trim();
}
