/**
 * FHIR OperationOutcome bodies for every error this service returns (CRD hook-10: FHIR-aware errors SHALL carry one).
 * Diagnostics name the request path and the problem, never patient data or tokens.
 */
import type { OperationOutcome } from 'fhir/r4.js';

/** The FHIR issue-type codes this service uses. */
export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'not-found'
  | 'not-supported'
  | 'too-long'
  | 'incomplete'
  | 'security'
  | 'business-rule'
  | 'multiple-matches'
  | 'transient'
  | 'exception';

export interface Issue {
  code: IssueCode;
  diagnostics: string;
  /** FHIRPath-like location in the request body, e.g. "context.draftOrders.entry[0].resource". */
  expression?: string;
}

export function operationOutcome(issues: Issue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((issue) => ({
      severity: 'error',
      code: issue.code,
      diagnostics: issue.diagnostics,
      ...(issue.expression ? { expression: [issue.expression] } : {}),
    })),
  };
}

export function singleIssue(code: IssueCode, diagnostics: string): OperationOutcome {
  return operationOutcome([{ code, diagnostics }]);
}
