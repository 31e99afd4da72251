/** Coverage -> CoverageFact: the coverage the CRD coverage-information action will reference. */
import type { CoverageFact } from '../facts.js';
import { asArray, asObject, asString, resourceOfType } from './fhir-values.js';

function toFact(coverage: Record<string, unknown>, id: string): CoverageFact {
  const fact: CoverageFact = { reference: `Coverage/${id}` };
  const status = asString(coverage.status);
  if (status) fact.status = status;
  const payorDisplay = asString(asObject(asArray(coverage.payor)[0])?.display);
  if (payorDisplay) fact.payorDisplay = payorDisplay;
  return fact;
}

/**
 * Pick one coverage: the first active one (CRD clients send the likely primary coverage first); failing that,
 * the first citable Coverage of any status, so the cards can still say which coverage they looked at.
 */
export function normalizeCoverage(values: readonly unknown[]): CoverageFact | undefined {
  let fallback: CoverageFact | undefined;
  for (const value of values) {
    const coverage = resourceOfType(value, 'Coverage');
    const id = asString(coverage?.id);
    if (!coverage || !id) continue;
    if (coverage.status === 'active') return toFact(coverage, id);
    fallback ??= toFact(coverage, id);
  }
  return fallback;
}
