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
 * Pick the member's coverage in force: the first active one (CRD clients send the likely primary coverage first).
 * A Coverage without a status (FHIR requires one) is taken as the server's answer to the `status=active` search.
 * A cancelled, draft or entered-in-error Coverage is not in force, so it never carries a coverage-information
 * assertion: with none in force the cards still come, without the system action (issue 3).
 */
export function normalizeCoverage(values: readonly unknown[]): CoverageFact | undefined {
  let unstated: CoverageFact | undefined;
  for (const value of values) {
    const coverage = resourceOfType(value, 'Coverage');
    const id = asString(coverage?.id);
    if (!coverage || !id) continue;
    if (coverage.status === 'active') return toFact(coverage, id);
    if (coverage.status === undefined) unstated ??= toFact(coverage, id);
  }
  return unstated;
}
