/**
 * Determinations in, the CDS Hooks response body out: the cards, and one CRD coverage-information system action
 * per evaluated order when the member's Coverage is known. Technical failures that prevent any Determination are the
 * caller's to answer; this renders what it is given.
 */
import type { Determination } from '../policy/determination.js';
import { buildCard } from './card.js';
import type { RenderContext } from './context.js';
import { coverageInformationAction } from './coverage-information.js';
import { nameOrder } from './order-names.js';
import type { Action, Card } from './schema.js';
import type { CardTexts } from './texts.js';

export function renderResponse(
  determinations: Determination[],
  ctx: RenderContext,
  texts: CardTexts,
): { cards: Card[]; systemActions: Action[] } {
  const severalOrders = determinations.length > 1 || ctx.draftResources.size > 1;
  const cards: Card[] = [];
  const systemActions: Action[] = [];
  for (const determination of determinations) {
    const names = nameOrder(determination, ctx.draftResources.get(determination.order), texts);
    cards.push(...cardsFor(determination, names, severalOrders, ctx, texts));
    const action = coverageInformationAction(determination, names.order, ctx, texts);
    if (action) systemActions.push(action);
  }
  return { cards, systemActions };
}

/**
 * Criteria met: one card saying so (prior approval still required); anything else the policy layer noticed is
 * listed in it, without suggestions that would undo a sound order. Otherwise one card per finding, each with its own
 * remedy; a Determination without findings still gets its outcome card.
 */
function cardsFor(
  determination: Determination,
  names: ReturnType<typeof nameOrder>,
  severalOrders: boolean,
  ctx: RenderContext,
  texts: CardTexts,
): Card[] {
  if (determination.outcome === 'meets-criteria' || determination.findings.length === 0) {
    return [buildCard({ determination, notes: determination.findings, names, severalOrders }, ctx, texts)];
  }
  return determination.findings.map((finding) =>
    buildCard({ determination, finding, notes: [], names, severalOrders }, ctx, texts),
  );
}
