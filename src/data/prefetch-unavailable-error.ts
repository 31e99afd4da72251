/** The CDS Hooks 412: prefetch keys the policy needs are missing and the service has no way to query them. */
import type { FactTopic } from './facts.js';

export type QueryBlocker = 'no-fhir-server' | 'no-access-token' | 'fhir-server-not-allowed';

const EXPLANATION: Record<QueryBlocker, string> = {
  'no-fhir-server': 'the request has no fhirServer',
  'no-access-token': 'the request has no fhirAuthorization access token',
  'fhir-server-not-allowed': "the fhirServer is not one of this client's configured FHIR servers",
};

export class PrefetchUnavailableError extends Error {
  readonly status = 412;

  constructor(
    /** The prefetch keys the policy needs that were not filled. */
    readonly missing: FactTopic[],
    readonly blocker: QueryBlocker,
  ) {
    // Names keys and the reason only: no URL, no token, no patient data.
    super(`Prefetch ${missing.join(', ')} missing and cannot be queried: ${EXPLANATION[blocker]}`);
    this.name = 'PrefetchUnavailableError';
  }
}

export function explainBlocker(blocker: QueryBlocker): string {
  return EXPLANATION[blocker];
}
