/**
 * Binds the data, policy and cards layers (with the compiled policy, card texts and config) into the
 * HookPipeline the protocol layer orchestrates.
 */
import type { CardTexts } from '../cards/index.js';
import { renderResponse } from '../cards/index.js';
import type { ServiceConfig } from '../config.js';
import { gatherFacts, PrefetchUnavailableError } from '../data/gather.js';
import { normalizeDraftConditions, normalizeDraftOrders } from '../data/normalize/draft-orders.js';
import { type CompiledPolicy, evaluateOrder, selectOrdersInScope } from '../policy/index.js';
import type { HookPipeline } from '../protocol/pipeline.js';

export function createPipeline(
  config: ServiceConfig,
  policy: CompiledPolicy,
  cardTexts: CardTexts,
): HookPipeline {
  return {
    normalizeDraftOrders,
    normalizeDraftConditions,
    selectOrdersInScope: (drafts, selections) => selectOrdersInScope(drafts, selections, policy),
    gatherFacts,
    evaluateOrder: (facts, order) =>
      evaluateOrder(facts, order, policy, { simultaneousWindowDays: config.simultaneousWindowDays }),
    renderResponse: (determinations, context) =>
      renderResponse(
        determinations,
        { ...context, insurerName: config.insurerName, policyUrl: config.policyUrl },
        cardTexts,
      ),
    isPrefetchUnavailable: (error) => error instanceof PrefetchUnavailableError,
  };
}
