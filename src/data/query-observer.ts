/**
 * A hook for watching the data layer's FHIR requests (latency, failures) from outside it. The data layer only
 * calls the observer; what is done with the events (metrics) belongs to the composition root.
 */
import type { DataGap } from './facts.js';

export interface FhirQueryEvent {
  /** The allow-listed FHIR base the request went to (never the full URL: it carries the patient id). */
  server: string;
  resourceType: string;
  durationMs: number;
  /** Set when the request failed, with the reason the query's DataGap would give. */
  error?: DataGap['reason'];
}

export type FhirQueryObserver = (event: FhirQueryEvent) => void;
