/**
 * An error that already knows its HTTP answer. Route code throws these; the error middleware sends them.
 * Anything else thrown becomes a 500 with a generic body, so client input can only ever produce a 4xx
 * when it is caught by validation first.
 */
import type { OperationOutcome } from 'fhir/r4.js';
import { type IssueCode, singleIssue } from './operation-outcome.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: OperationOutcome | Record<string, never>,
    /** Why, for the log line only (never sent to the client). */
    readonly logReason?: string,
  ) {
    super(logReason ?? `HTTP ${status}`);
    this.name = 'HttpError';
  }

  static outcome(status: number, code: IssueCode, diagnostics: string): HttpError {
    return new HttpError(status, singleIssue(code, diagnostics), diagnostics);
  }

  /** 401 with no detail for the caller (CDS Hooks best practice); the reason goes to the log. */
  static unauthorized(reason: string): HttpError {
    return new HttpError(401, {}, reason);
  }
}
