/**
 * Which kind of card (an outcome, or a finding) each card uuid was. CDS Hooks feedback names a card only by its uuid,
 * so to count "accepted / overridden" per card kind the demo remembers, for every card the service answered, what
 * it was about. The kind is read from the card itself: every card carries the Determination extension, and
 * src/cards/render.ts gives a criteria-met (or finding-less) Determination one outcome card, and any other one card
 * per finding, in the finding order of the extension.
 */
import type { RequestHandler } from 'express';
import {
  DETERMINATION_EXTENSION_KEY,
  type DeterminationExtension,
} from '../cards/determination-extension.js';

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

/** The kind of each card of one hook response, by uuid. Cards without the extension are skipped. */
export function cardKindsOf(response: { cards?: unknown }): Map<string, CardKind> {
  const kinds = new Map<string, CardKind>();
  const nextFinding = new Map<string, number>();
  const cards = Array.isArray(response.cards) ? (response.cards as AnsweredCard[]) : [];
  for (const card of cards) {
    const ext = card.extension?.[DETERMINATION_EXTENSION_KEY] as DeterminationExtension | undefined;
    if (typeof card.uuid !== 'string' || !ext) continue;
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

/** Bounded memory of card kinds, oldest forgotten first. */
export class CardLedger {
  private readonly kinds = new Map<string, CardKind>();

  constructor(private readonly maxCards = 50_000) {}

  record(response: { cards?: unknown }): void {
    for (const [uuid, kind] of cardKindsOf(response)) {
      this.kinds.set(uuid, kind);
      if (this.kinds.size > this.maxCards) {
        const oldest = this.kinds.keys().next().value;
        if (oldest !== undefined) this.kinds.delete(oldest);
      }
    }
  }

  kindOf(uuid: string): CardKind | undefined {
    return this.kinds.get(uuid);
  }

  /**
   * Express middleware for the hook endpoints: lets the call through untouched and records the cards of a
   * successful answer on its way out.
   */
  recorder(): RequestHandler {
    return (_req, res, next) => {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        if (res.statusCode === 200 && body && typeof body === 'object')
          this.record(body as { cards?: unknown });
        return json(body);
      };
      next();
    };
  }
}
