/**
 * Coverage -> CoverageFact: the coverage the CRD coverage-information action will reference, with what the
 * protocol layer needs to tell whether it is this payer's (CRD hook-13): every payor's identifiers, and the
 * other Coverages in force that came with it.
 */
import type { CoverageFact, IdentifierFact, PayorFact } from '../facts.js';
import { asArray, asObject, asString, type JsonObject, resourceOfType } from './fhir-values.js';

/** The usable identifiers of an `identifier` element (one Identifier or an array). */
export function identifiersOf(value: unknown): IdentifierFact[] {
  const out: IdentifierFact[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    const identifier = asObject(item);
    const idValue = asString(identifier?.value)?.trim();
    if (!idValue) continue;
    const system = asString(identifier?.system)?.trim();
    out.push(system ? { system, value: idValue } : { value: idValue });
  }
  return out;
}

/**
 * One payor: the identifier on the reference itself (a logical reference), plus, for a "#id" reference, the
 * identifiers of the Organization contained in the Coverage. Other references are resolved by the protocol layer
 * (configured references, or a read of the Organization).
 */
function payorOf(value: unknown, coverage: JsonObject): PayorFact | undefined {
  const payor = asObject(value);
  if (!payor) return undefined;
  const reference = asString(payor.reference)?.trim();
  const identifiers = identifiersOf(payor.identifier);
  if (reference?.startsWith('#')) {
    const contained = asArray(coverage.contained)
      .map(asObject)
      .find((r) => r?.resourceType === 'Organization' && r.id === reference.slice(1));
    identifiers.push(...identifiersOf(contained?.identifier));
  }
  const display = asString(payor.display);
  return {
    ...(reference ? { reference } : {}),
    identifiers,
    ...(display ? { display } : {}),
  };
}

function toFact(coverage: JsonObject, id: string): CoverageFact {
  const fact: CoverageFact = { reference: `Coverage/${id}` };
  const status = asString(coverage.status);
  if (status) fact.status = status;
  const payors = asArray(coverage.payor).flatMap((payor) => payorOf(payor, coverage) ?? []);
  const payorDisplay = payors[0]?.display;
  if (payorDisplay) fact.payorDisplay = payorDisplay;
  fact.payors = payors;
  return fact;
}

/**
 * Pick the member's coverage in force: the first active one (CRD clients send the likely primary coverage first).
 * A Coverage without a status (FHIR requires one) is taken as the server's answer to the `status=active` search,
 * but only when none says active. A cancelled, draft or entered-in-error Coverage is not in force. The other
 * Coverages in force are listed in `alsoInForce`: CRD hook-13 answers 400 when several are accessible.
 */
export function normalizeCoverage(values: readonly unknown[]): CoverageFact | undefined {
  const active: Array<[JsonObject, string]> = [];
  const unstated: Array<[JsonObject, string]> = [];
  const seen = new Set<string>();
  for (const value of values) {
    const coverage = resourceOfType(value, 'Coverage');
    const id = asString(coverage?.id);
    if (!coverage || !id || seen.has(id)) continue;
    seen.add(id);
    if (coverage.status === 'active') active.push([coverage, id]);
    else if (coverage.status === undefined) unstated.push([coverage, id]);
  }
  const inForce = active.length > 0 ? active : unstated;
  const [primary, ...others] = inForce;
  if (!primary) return undefined;
  const fact = toFact(primary[0], primary[1]);
  if (others.length > 0) fact.alsoInForce = others.map(([, id]) => `Coverage/${id}`);
  return fact;
}
