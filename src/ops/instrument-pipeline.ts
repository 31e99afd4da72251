/**
 * Wraps the hook pipeline so every determination, card and FHIR request is counted, without the protocol, policy or
 * cards layers knowing metrics exist. The composition root applies it; the wrapped pipeline behaves identically.
 */
import type { FactsRequest, HookPipeline } from '../protocol/pipeline.js';
import type { FhirQueryObserver } from './fhir-query-metrics.js';
import { fhirQueryObserver } from './fhir-query-metrics.js';
import type { ServiceMetrics } from './metrics.js';

export function instrumentPipeline(
  pipeline: HookPipeline,
  metrics: ServiceMetrics,
  /** The bounded `server` label of a FHIR base (fhir-server-label.ts). */
  serverLabel: (base: string) => string,
): HookPipeline {
  const observeQuery: FhirQueryObserver = fhirQueryObserver(metrics, serverLabel);
  return {
    ...pipeline,
    gatherFacts: (request: FactsRequest) => pipeline.gatherFacts({ ...request, observeQuery }),
    readPayorOrganization: (request) => pipeline.readPayorOrganization({ ...request, observeQuery }),
    renderResponse: (determinations, context) => {
      const { hook } = context;
      for (const determination of determinations) {
        const { outcome } = determination;
        metrics.determinations.inc({ hook, outcome });
        for (const finding of determination.findings) {
          metrics.findings.inc({ hook, outcome, finding: finding.code });
        }
        for (const criterion of determination.criteriaMet) metrics.criteriaMet.inc({ criterion });
      }
      const response = pipeline.renderResponse(determinations, context);
      for (const card of response.cards) {
        const indicator = typeof card.indicator === 'string' ? card.indicator : 'unknown';
        metrics.cards.inc({ hook, indicator });
      }
      return response;
    },
  };
}
