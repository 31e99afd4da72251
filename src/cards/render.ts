/**
 * Determinations in, the CDS Hooks response body out: the cards, and one CRD coverage-information system action
 * per evaluated order when the member's Coverage is known. Technical failures that prevent any Determination are the
 * caller's to answer; this renders what it is given.
 *
 * Cards per order: criteria met (or no finding) gives one outcome card; otherwise one card per finding. Separate
 * cards, not one card with sections, because each finding has its own CRD card type (source.topic, which the EHR's
 * configuration can switch off per type), its own one-click remedy (at-most-one suggestions) and its own override
 * reasons and feedback. They speak with one voice all the same: the blocks they share (the limitations, the prior
 * approval list, evidence two findings cite) are written once per answer (detail.ts, AnswerBlocks). docs/integration.md.
 */
import type { Extension } from 'fhir/r4.js';
import type { Determination } from '../policy/determination.js';
import { buildCard } from './card.js';
import type { RenderContext } from './context.js';
import { COVERAGE_INFORMATION_URL, coverageInformationAction } from './coverage-information.js';
import { AnswerBlocks } from './detail.js';
import { nameOrder } from './order-names.js';
import type { Action, Card } from './schema.js';
import type { CardTexts } from './texts.js';

/**
 * Whether the coverage-information system action already asks for the clinical documentation (doc-needed, and
 * with DTR its questionnaire): then no card repeats the prior approval documentation list (CRD resp-12).
 */
export function asksForDocumentation(action: Action | undefined): boolean {
  const extensions: Extension[] =
    (action?.resource as { extension?: Extension[] } | undefined)?.extension ?? [];
  return extensions.some(
    (extension) =>
      extension.url === COVERAGE_INFORMATION_URL &&
      (extension.extension ?? []).some((part) => part.url === 'doc-needed' || part.url === 'questionnaire'),
  );
}

export function renderResponse(
  determinations: Determination[],
  ctx: RenderContext,
  texts: CardTexts,
): { cards: Card[]; systemActions: Action[] } {
  const severalOrders = determinations.length > 1 || ctx.draftResources.size > 1;
  const cards: Card[] = [];
  const systemActions: Action[] = [];
  const shown = new AnswerBlocks();
  for (const determination of determinations) {
    const names = nameOrder(determination, texts);
    const action = coverageInformationAction(determination, names.order, ctx, texts);
    if (action) systemActions.push(action);
    const priorApproval =
      texts.priorApproval.outcomes.includes(determination.outcome) && !asksForDocumentation(action);
    const subject = { determination, names, severalOrders, priorApproval };
    if (determination.outcome === 'meets-criteria' || determination.findings.length === 0) {
      cards.push(buildCard({ ...subject, notes: determination.findings }, ctx, texts, shown));
    } else {
      for (const finding of determination.findings)
        cards.push(buildCard({ ...subject, finding, notes: [] }, ctx, texts, shown));
    }
  }
  return { cards, systemActions };
}
