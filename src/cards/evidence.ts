/**
 * One piece of evidence as a clinician reads it: what was found and when, never the resource it came from (the
 * reference stays in the Determination extension). Coded evidence shows its code and display; text evidence quotes
 * the phrase and says where it was written (Order note: "r/o discitis"), so a reader sees it was not coded.
 */
import type { Evidence } from '../policy/determination.js';
import { escapeMarkdown, markdownText, plainText } from './request-text.js';
import { fillTemplate } from './template.js';
import type { CardTexts } from './texts.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An ISO 8601 date or dateTime as a date: "2026-08-14T10:00:00Z" -> "Aug 14, 2026", "2026-08" -> "Aug 2026".
 * The calendar date as written (no time zone shift: the chart's date is the clinical fact). Not a date: undefined.
 */
export function clinicalDate(value: string | undefined): string | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month, day] = match;
  const name = month ? MONTHS[Number(month) - 1] : undefined;
  if (month && !name) return undefined;
  if (!name) return year;
  return day ? `${name} ${Number(day)}, ${year}` : `${name} ${year}`;
}

/** Where a piece of evidence was written, from its reference: "ServiceRequest/1#note" -> "Order note". */
export function evidenceSource(reference: string, texts: CardTexts): string {
  const { byReference } = texts.evidenceSources;
  const [path = '', element] = reference.split('#');
  const type = path.split('/').at(-2) ?? path;
  return (
    (element ? byReference[`${type}#${element}`] : undefined) ??
    byReference[type] ??
    texts.evidenceSources.default
  );
}

/** Another order, by reference: its name (plain text) and whether it is a draft of this call; else undefined. */
export type OrderName = (reference: string) => { name: string; drafted: boolean } | undefined;

/**
 * The evidence line's text (Markdown, every chart value escaped), without the list marker. Another order is named
 * as the EHR named it, not by the policy's classification of it (a PET/CT is "PET/CT"), and said to be drafted in
 * this same call when it is.
 */
export function evidenceText(
  evidence: Evidence,
  texts: CardTexts,
  orderName: OrderName = () => undefined,
): string {
  const s = texts.sections;
  const other = evidence.reference.includes('#') ? undefined : orderName(evidence.reference);
  let what: string;
  if (evidence.kind === 'text' && evidence.quote) {
    // The policy layer describes text evidence by where it was written and the phrase ("order note: "r/o
    // discitis""); where a description does not quote the phrase, the card says where from the reference.
    const described = plainText(evidence.description);
    what = described.includes(plainText(evidence.quote))
      ? escapeMarkdown(described.charAt(0).toUpperCase() + described.slice(1))
      : fillTemplate(s.textEvidence, {
          source: evidenceSource(evidence.reference, texts),
          quote: markdownText(evidence.quote),
        });
  } else if (other) {
    const description = escapeMarkdown(other.name);
    what = other.drafted ? fillTemplate(s.draftOrderEvidence, { description }) : description;
  } else {
    what = fillTemplate(s.codedEvidence, { description: markdownText(evidence.description) });
  }
  const date = clinicalDate(evidence.date);
  return date ? fillTemplate(s.datedEvidence, { evidence: what, date }) : what;
}
