/**
 * Turns the data layer's FHIR query events into metrics. The server label is the configured name of the server the
 * query went to (fhir-server-label.ts: bounded by configuration), never a URL, which could carry the patient id.
 */
import type { FhirQueryEvent, FhirQueryObserver } from '../data/query-observer.js';
import type { ServiceMetrics } from './metrics.js';

export type { FhirQueryEvent, FhirQueryObserver } from '../data/query-observer.js';

export function fhirQueryObserver(
  metrics: ServiceMetrics,
  serverLabel: (base: string) => string,
): FhirQueryObserver {
  return (event: FhirQueryEvent) => {
    const labels = { server: serverLabel(event.server), resource_type: event.resourceType };
    metrics.fhirQueryDuration.observe(
      { ...labels, result: event.error ? 'error' : 'ok' },
      event.durationMs / 1000,
    );
    if (event.error) metrics.fhirQueryErrors.inc({ ...labels, reason: event.error });
  };
}
