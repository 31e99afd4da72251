/**
 * Which kind of card (an outcome, or a finding) each card of a response is. CDS Hooks feedback names a card only by
 * its uuid, so to count "accepted / overridden" per card kind the audit trail (and the demo) keep, for every card
 * answered, what it was about. The kind is read from the card itself: every card carries the Determination
 * extension, and render.ts gives a criteria-met (or finding-less) Determination one outcome card, and any other
 * one card per finding, in the finding order of the extension.
 *
 * That per-order finding order only holds for the response as rendered: once the EHR's CRD configuration has
 * dropped card types, the n-th card of an order is no longer its n-th finding. So read the kinds from the rendered
 * response, before the configuration is applied (the hook handler does), and look the kept cards up by uuid.
 */
import { DETERMINATION_EXTENSION_KEY, type DeterminationExtension } from './determination-extension.js';

/** The kind recorded for a card whose kind cannot be told (no Determination extension). */
export const UNATTRIBUTED = 'unattributed';

export interface CardKind {
  /** "outcome" or "finding". */
  type: 'outcome' | 'finding';
  /** The outcome code (meets-criteria, ...) or the finding code (missing-prior-mri, ...). */
  code: string;
}

interface AnsweredCard {
  uuid?: unknown;
  extension?: Record<string, unknown>;
}

/** The kind of each card of one rendered hook response, by uuid. Cards without the extension are skipped. */
export function cardKindsOf(response: { cards?: unknown }): Map<string, CardKind> {
  const kinds = new Map<string, CardKind>();
  const nextFinding = new Map<string, number>();
  const cards = Array.isArray(response.cards) ? (response.cards as AnsweredCard[]) : [];
  for (const card of cards) {
    const ext = card?.extension?.[DETERMINATION_EXTENSION_KEY] as DeterminationExtension | undefined;
    if (typeof card?.uuid !== 'string' || !ext) continue;
    if (ext.outcome === 'meets-criteria' || ext.findings.length === 0) {
      kinds.set(card.uuid, { type: 'outcome', code: ext.outcome });
      continue;
    }
    const index = nextFinding.get(ext.order) ?? 0;
    nextFinding.set(ext.order, index + 1);
    const finding = ext.findings[index];
    kinds.set(
      card.uuid,
      finding ? { type: 'finding', code: finding.code } : { type: 'outcome', code: ext.outcome },
    );
  }
  return kinds;
}

/** The kind code of each uuid, in order (parallel to the uuids); UNATTRIBUTED where the kind is not known. */
export function cardKindCodes(uuids: readonly string[], kinds: ReadonlyMap<string, CardKind>): string[] {
  return uuids.map((uuid) => kinds.get(uuid)?.code ?? UNATTRIBUTED);
}
