/**
 * The data layer's public face: prefetch templates for discovery, draft-order normalization for the hook
 * context, and gatherFacts for everything else. Other layers import from here, not from the files behind it.
 */
export type * from './facts.js';
export {
  type GatherOutcome,
  type GatherRequest,
  gatherFacts,
  gatherFactsDetailed,
  type TopicStats,
} from './gather.js';
export { normalizeDraftConditions, normalizeDraftOrders } from './normalize/draft-orders.js';
export {
  PREFETCH_TEMPLATES,
  PREFETCH_TOPICS,
  REQUIRED_TOPICS,
  renderPrefetchTemplate,
  type TemplateContext,
  TemplateRenderError,
} from './prefetch-templates.js';
export { PrefetchUnavailableError, type QueryBlocker } from './prefetch-unavailable-error.js';
