/**
 * Acceptance and override rates per card kind, from the audit trail and the feedback store.
 *
 * CDS Hooks feedback names a card only by its uuid; the audit record of each hook call keeps the uuids it answered
 * and, parallel to them, the kind of each card (read from the cards as rendered, so exact even when the EHR's CRD
 * configuration filtered some). Records stored before the store kept kinds (schema migration 2) have only the uuids
 * and the determinations: for those the kind each uuid was is reconstructed from the rule src/cards/render.ts
 * renders by: per determination, in order, one outcome card when criteria are met (or there are no findings),
 * otherwise one card per finding. When such a call's card count does not match that rule (cards were filtered),
 * its cards are counted as "unattributed" rather than guessed.
 */
import { UNATTRIBUTED } from '../cards/card-kind.js';
import type { HookCallRecord } from '../protocol/audit/hook-call-record.js';
import type { FeedbackRecord } from '../protocol/feedback/store.js';

export { UNATTRIBUTED };

export interface CardKindStats {
  /** An outcome code (meets-criteria, …) or a finding code (missing-prior-mri, …). */
  kind: string;
  shown: number;
  accepted: number;
  overridden: number;
  /** Override reasons given, by display (or code), most frequent first. */
  overrideReasons: Array<{ reason: string; count: number }>;
}

export interface FeedbackReport {
  hookCalls: number;
  cardsShown: number;
  feedbackItems: number;
  /** Feedback about a card no audited call answered (other service instance, pruned, or unknown uuid). */
  unmatchedFeedback: number;
  kinds: CardKindStats[];
}

/** The kind of each card of one audited call, by uuid: as stored when the record has kinds, else reconstructed. */
export function cardKindsOfCall(record: HookCallRecord): Map<string, string> {
  const stored = record.cardKinds;
  if (stored && stored.length === record.cardUuids.length) {
    return new Map(record.cardUuids.map((uuid, i) => [uuid, stored[i]!]));
  }
  return reconstructedKinds(record);
}

/** For records without stored kinds: the card layout render.ts follows, when the card count allows no doubt. */
function reconstructedKinds(record: HookCallRecord): Map<string, string> {
  const kinds: string[] = [];
  for (const determination of record.determinations) {
    if (determination.outcome === 'meets-criteria' || determination.findings.length === 0) {
      kinds.push(determination.outcome);
    } else {
      kinds.push(...determination.findings);
    }
  }
  const attributable = kinds.length === record.cardUuids.length;
  return new Map(record.cardUuids.map((uuid, i) => [uuid, attributable ? kinds[i]! : UNATTRIBUTED]));
}

export function buildFeedbackReport(hookCalls: HookCallRecord[], feedback: FeedbackRecord[]): FeedbackReport {
  const kindOfCard = new Map<string, string>();
  for (const record of hookCalls) {
    for (const [uuid, kind] of cardKindsOfCall(record)) kindOfCard.set(uuid, kind);
  }
  const stats = new Map<string, CardKindStats & { reasons: Map<string, number> }>();
  const statsOf = (kind: string) => {
    let entry = stats.get(kind);
    if (!entry) {
      entry = { kind, shown: 0, accepted: 0, overridden: 0, overrideReasons: [], reasons: new Map() };
      stats.set(kind, entry);
    }
    return entry;
  };
  for (const kind of kindOfCard.values()) statsOf(kind).shown++;

  // A clinician's latest word on a card counts (an EHR may resend feedback); records are oldest first.
  const latest = new Map<string, FeedbackRecord>();
  for (const record of feedback) latest.set(record.item.card, record);
  let unmatched = 0;
  for (const [card, record] of latest) {
    const kind = kindOfCard.get(card);
    if (kind === undefined) {
      unmatched++;
      continue;
    }
    const entry = statsOf(kind);
    if (record.item.outcome === 'accepted') {
      entry.accepted++;
    } else {
      entry.overridden++;
      const reason = record.item.overrideReason?.reason;
      const label = reason?.display ?? reason?.code ?? '(no reason given)';
      entry.reasons.set(label, (entry.reasons.get(label) ?? 0) + 1);
    }
  }
  const kinds = [...stats.values()]
    .map(({ reasons, ...entry }) => ({
      ...entry,
      overrideReasons: [...reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    }))
    .sort((a, b) => b.shown - a.shown || a.kind.localeCompare(b.kind));
  return {
    hookCalls: hookCalls.length,
    cardsShown: kindOfCard.size,
    feedbackItems: feedback.length,
    unmatchedFeedback: unmatched,
    kinds,
  };
}

const percent = (part: number, whole: number): string =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;

export function formatFeedbackReport(report: FeedbackReport): string {
  const header = ['card kind', 'shown', 'accepted', 'overridden', 'accept rate', 'override rate'];
  const rows = report.kinds.map((k) => [
    k.kind,
    String(k.shown),
    String(k.accepted),
    String(k.overridden),
    percent(k.accepted, k.shown),
    percent(k.overridden, k.shown),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const out = [
    `${report.hookCalls} hook calls, ${report.cardsShown} cards shown, ${report.feedbackItems} feedback items` +
      (report.unmatchedFeedback > 0
        ? ` (${report.unmatchedFeedback} about cards not in the audit trail)`
        : ''),
    '',
  ];
  if (rows.length === 0) {
    out.push('No cards in the store yet.');
    return `${out.join('\n')}\n`;
  }
  out.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  const withReasons = report.kinds.filter((k) => k.overrideReasons.length > 0);
  if (withReasons.length > 0) out.push('', 'Override reasons');
  for (const k of withReasons) {
    out.push(`  ${k.kind}`);
    for (const { reason, count } of k.overrideReasons)
      out.push(`    ${String(count).padStart(4)}  ${reason}`);
  }
  return `${out.join('\n')}\n`;
}
