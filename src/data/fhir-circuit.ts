/**
 * How the data layer uses the circuit breaker: what makes one gather a failure for the FHIR server's circuit, and
 * the honest gap recorded for each topic that was not queried because the circuit is open.
 */
import type { CallVerdict, Refused } from './circuit-breaker.js';
import type { DataGap, FactTopic } from './facts.js';
import type { QueryResult } from './fhir-query.js';

/**
 * Reasons that say the server is down or overloaded. 401/403/404 and unreadable answers mean the server is up and
 * answering (the token, the patient or the server's data is the problem), so they never open the circuit.
 */
const SERVER_FAILURES = new Set<DataGap['reason']>([
  'unreachable',
  'timeout',
  'server-error',
  'rate-limited',
]);

/**
 * One gather's verdict: a success if any query got an answer from the server, a failure if every query failed
 * for a server reason, inconclusive when our own caller cancelled (that says nothing about the server).
 */
export function gatherVerdict(results: readonly QueryResult[], cancelled: boolean): CallVerdict {
  if (cancelled) return 'inconclusive';
  if (results.length === 0) return 'inconclusive';
  const answered = results.some((result) => !result.gap || !SERVER_FAILURES.has(result.gap.reason));
  return answered ? 'success' : 'failure';
}

export function circuitOpenGap(topic: FactTopic, resourceType: string, refused: Refused): DataGap {
  const seconds = Math.ceil(refused.retryInMs / 1000);
  const when = seconds > 0 ? `next try in about ${seconds} s` : 'a trial call is in progress';
  return {
    topic,
    reason: 'circuit-open',
    message:
      `${resourceType} query: not sent, circuit open: the FHIR server failed ${refused.failures} ` +
      `call(s) in a row (${when})`,
  };
}
