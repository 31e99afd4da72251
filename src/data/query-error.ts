/**
 * A failed FHIR query, classified into a DataGap reason. Messages name the resource type and the HTTP status only:
 * never the URL (it carries the patient id), the response body, or the token.
 */
import { ByteBudgetSpentError } from './byte-budget.js';
import type { DataGap } from './facts.js';

type Reason = DataGap['reason'];

function httpStatus(error: unknown): number | undefined {
  // fhir-kit-client attaches { response: { status } } to HTTP and JSON-parse errors.
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  return typeof response?.status === 'number' ? response.status : undefined;
}

function reasonForStatus(status: number): Reason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  // 2xx here means the body could not be parsed; other 4xx mean the server rejected our query.
  return 'invalid-response';
}

export function classifyQueryError(
  error: unknown,
  budgetExpired: boolean,
): { reason: Reason; detail: string } {
  if (budgetExpired) return { reason: 'timeout', detail: 'no answer within the time budget' };
  if (error instanceof ByteBudgetSpentError) {
    const mb = Math.round(error.limit / (1024 * 1024));
    return { reason: 'truncated', detail: `not read whole: this call's ${mb} MB read budget was spent` };
  }
  const status = httpStatus(error);
  if (status !== undefined) {
    const reason = reasonForStatus(status);
    return {
      reason,
      detail: status < 300 ? `unreadable response (HTTP ${status})` : `HTTP ${status} from the FHIR server`,
    };
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError')
    return { reason: 'timeout', detail: 'request cancelled' };
  return { reason: 'unreachable', detail: 'the FHIR server could not be reached' };
}
