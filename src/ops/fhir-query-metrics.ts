/**
 * Turns the data layer's FHIR query events into metrics. The server label is the allow-listed base URL the query
 * went to (bounded by configuration), never the full URL, which carries the patient id.
 */
import type { FhirQueryEvent, FhirQueryObserver } from '../data/query-observer.js';
import type { ServiceMetrics } from './metrics.js';

export type { FhirQueryEvent, FhirQueryObserver } from '../data/query-observer.js';

export function fhirQueryObserver(metrics: ServiceMetrics): FhirQueryObserver {
  return (event: FhirQueryEvent) => {
    const labels = { server: event.server, resource_type: event.resourceType };
    metrics.fhirQueryDuration.observe(
      { ...labels, result: event.error ? 'error' : 'ok' },
      event.durationMs / 1000,
    );
    if (event.error) metrics.fhirQueryErrors.inc({ ...labels, reason: event.error });
  };
}
