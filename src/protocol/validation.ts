/**
 * zod parsing that turns every problem into a 400 OperationOutcome naming the path and what is wrong.
 * Messages are our own and never echo input values (they might be patient data).
 */
import type { z } from 'zod';
import { HttpError } from './http-error.js';
import { type Issue, operationOutcome } from './operation-outcome.js';

/** "context.draftOrders.entry[0].resource" from ['context', 'draftOrders', 'entry', 0, 'resource']. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

function toIssue(issue: z.core.$ZodIssue): Issue {
  const path = formatPath(issue.path) || '(body)';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return {
      code: 'required',
      diagnostics: `${path}: is required (expected ${issue.expected})`,
      expression: path,
    };
  }
  if (issue.code === 'invalid_type') {
    return { code: 'structure', diagnostics: `${path}: expected ${issue.expected}`, expression: path };
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  return { code: 'invalid', diagnostics: `${path}: ${message}`, expression: path };
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  // reportInput lets us tell "missing" from "wrong type"; the input itself is never copied into the answer.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map(toIssue);
  throw new HttpError(
    400,
    operationOutcome(issues),
    `invalid request: ${issues.map((i) => i.expression).join(', ')}`,
  );
}
