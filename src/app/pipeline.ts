/**
 * Binds the data, policy and cards layers (with the compiled policy, card texts and config) into the
 * HookPipeline the protocol layer orchestrates.
 */
import { randomBytes } from 'node:crypto';
import type { CardTexts } from '../cards/index.js';
import { cardTopicSystem, renderResponse } from '../cards/index.js';
import type { ServiceConfig } from '../config.js';
import { CircuitBreakers } from '../data/circuit-breaker.js';
import type { FactCache } from '../data/fact-cache.js';
import { gatherFacts, PrefetchUnavailableError } from '../data/gather.js';
import { normalizeDraftConditions, normalizeDraftOrders } from '../data/normalize/draft-orders.js';
import { readPayorOrganization } from '../data/payor-organization.js';
import { fhirBaseOf } from '../dtr/fhir-routes.js';
import { questionnaireCanonical } from '../dtr/questionnaire.js';
import {
  type CompiledPolicy,
  evaluateOrder,
  missingCardTexts,
  selectOrdersInScope,
} from '../policy/index.js';
import type { HookPipeline } from '../protocol/pipeline.js';
import { policyPrefetchTemplates } from './prefetch.js';

export function createPipeline(
  config: ServiceConfig,
  policy: CompiledPolicy,
  cardTexts: CardTexts,
  /** Reuse of recent FHIR answers per client, patient and token (order-select then order-sign); none: always query. */
  factCache?: FactCache,
  /** The keyed hash's secret for the fact cache's token part; one per process when not given. */
  factCacheSecret: string | Uint8Array = randomBytes(32),
): HookPipeline {
  // The card texts must speak of every indication and finding the policy data declares (checked once, here, where
  // both are known): an indication added to policy.json without its text stops the start-up.
  const missing = missingCardTexts(policy, cardTexts);
  if (missing.length > 0)
    throw new Error(`Card texts do not cover policy ${policy.id}:\n- ${missing.join('\n- ')}`);
  // The searches for keys the EHR left out are the templates discovery advertises.
  const templates = policyPrefetchTemplates(policy);
  // One circuit per FHIR server, shared by every hook call this app answers.
  const circuits = new CircuitBreakers({
    failureThreshold: config.fhirCircuitFailures,
    cooldownMs: config.fhirCircuitCooldownSeconds * 1000,
  });
  const questionnaire = questionnaireCanonical(fhirBaseOf(config.baseUrl), policy);
  return {
    normalizeDraftOrders,
    normalizeDraftConditions,
    selectOrdersInScope: (drafts, selections) => selectOrdersInScope(drafts, selections, policy),
    gatherFacts: (request) =>
      gatherFacts({
        ...request,
        circuits,
        factCache,
        factCacheSecret,
        templates,
        maxBytes: config.maxBytesPerCall,
      }),
    // Every window (simultaneous ordering, prior-imaging look-back) is policy data, versioned with the policy.
    evaluateOrder: (facts, order) => evaluateOrder(facts, order, policy),
    renderResponse: (determinations, context) =>
      renderResponse(
        determinations,
        {
          ...context,
          insurerName: config.insurerName,
          policyUrl: config.policyUrl,
          crdTopicSystem: cardTopicSystem(context.crdVersion),
          questionnaire,
        },
        cardTexts,
      ),
    readPayorOrganization,
    isPrefetchUnavailable: (error) => error instanceof PrefetchUnavailableError,
  };
}
