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

/**
 * A list of phrases, pre-normalized once. Whether a text mentions any of them is one regular expression over the
 * text (not one substring search per phrase): a vocabulary has up to ~30 phrases and is asked about many texts.
 */
export interface PhraseList {
  /** Normalized and padded with one space on each side (" spect ct "). */
  readonly phrases: readonly string[];
  /** Matches a normalized text that contains any of the phrases as whole words. */
  readonly pattern: RegExp;
  /** The phrases, longest first, for withoutPhrases. */
  readonly longestFirst: readonly string[];
}

export function phraseList(phrases: readonly string[]): PhraseList {
  const normalized = phrases.map((p) => normalizeText(p)).filter((p) => p.trim().length > 0);
  // Normalized phrases hold only [a-z0-9 ], so they need no escaping; the spaces around the group keep the
  // whole-word rule of the padded substring check. An empty list matches nothing.
  const pattern =
    normalized.length > 0 ? new RegExp(` (?:${normalized.map((p) => p.trim()).join('|')}) `) : /(?!)/;
  return {
    phrases: normalized,
    pattern,
    longestFirst: [...normalized].sort((a, b) => b.length - a.length),
  };
}

/** The phrases of the list that occur in any of the texts (normalized form, without padding). */
export function matchedPhrases(list: PhraseList, texts: readonly (string | undefined)[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const normalized = normalizeText(text);
    // Most texts mention none of the phrases: one regex test rules them out before the per-phrase scan.
    if (!list.pattern.test(normalized)) continue;
    for (const phrase of list.phrases) {
      if (normalized.includes(phrase)) found.add(phrase.trim());
    }
  }
  return [...found];
}

export function mentions(list: PhraseList, texts: readonly (string | undefined)[]): boolean {
  for (const text of texts) {
    if (text && list.pattern.test(normalizeText(text))) return true;
  }
  return false;
}

/**
 * Removes every occurrence of the phrases, longest first ("spect ct" before "spect"), e.g. to drop "SPECT/CT"
 * before looking for a separate "CT".
 */
export function withoutPhrases(list: PhraseList, text: string): string {
  let normalized = normalizeText(text);
  for (const phrase of list.longestFirst) {
    while (normalized.includes(phrase)) normalized = normalized.replace(phrase, ' ');
  }
  return normalized;
}
