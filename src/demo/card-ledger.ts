/**
 * Which kind of card (an outcome, or a finding) each card uuid was, for the demo's policy page. CDS Hooks feedback
 * names a card only by its uuid, so the demo remembers, for every card the service answered, what it was about,
 * read from the card itself by the cards layer's cardKindsOf (src/cards/card-kind.ts, which the audit trail uses too).
 */
import type { RequestHandler } from 'express';
import { type CardKind, cardKindsOf } from '../cards/card-kind.js';

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
