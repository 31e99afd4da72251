/**
 * {{placeholder}} templates for card texts. Deliberately tiny: no logic in the texts, so an analyst editing
 * cards.json cannot break rendering with anything but an unknown name, which load-time validation catches.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Names used in a template, in order of appearance (duplicates kept out). */
export function templatePlaceholders(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1]!);
  return [...names];
}

/**
 * Fills every {{name}}. A name with no value is an error rather than an empty string: a card that says
 * "ordered together with ." is worse than a failing test.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`card template uses {{${name}}} but no value was given for it`);
    return value;
  });
}

/** Summaries must be under 140 characters (CDS Hooks); cut at a word boundary with an ellipsis if a value ran long. */
export const SUMMARY_MAX = 139;

export function clampSummary(summary: string): string {
  const oneLine = summary.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= SUMMARY_MAX) return oneLine;
  const cut = oneLine.slice(0, SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.(-]+$/, '')}…`;
}
