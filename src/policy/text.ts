/**
 * Keyword matching on free text (order notes, code text, body-site text, study descriptions).
 *
 * Text is folded to lower-case words separated by single spaces, so "C-Spine", "c spine" and "C/SPINE" all
 * read "c spine", and a phrase matches only on whole words ("ct" does not match "acute").
 */

export function normalizeText(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** A list of phrases, pre-normalized once so matching is a handful of substring checks. */
export interface PhraseList {
  readonly phrases: readonly string[];
}

export function phraseList(phrases: readonly string[]): PhraseList {
  return {
    phrases: phrases.map((p) => normalizeText(p)).filter((p) => p.trim().length > 0),
  };
}

/** The phrases of the list that occur in any of the texts (normalized form, without padding). */
export function matchedPhrases(list: PhraseList, texts: readonly (string | undefined)[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const normalized = normalizeText(text);
    for (const phrase of list.phrases) {
      if (normalized.includes(phrase)) found.add(phrase.trim());
    }
  }
  return [...found];
}

export function mentions(list: PhraseList, texts: readonly (string | undefined)[]): boolean {
  return matchedPhrases(list, texts).length > 0;
}

/**
 * Removes every occurrence of the phrases, longest first ("spect ct" before "spect"), e.g. to drop "SPECT/CT"
 * before looking for a separate "CT".
 */
export function withoutPhrases(list: PhraseList, text: string): string {
  let normalized = normalizeText(text);
  const longestFirst = [...list.phrases].sort((a, b) => b.length - a.length);
  for (const phrase of longestFirst) {
    while (normalized.includes(phrase)) normalized = normalized.replace(phrase, ' ');
  }
  return normalized;
}
