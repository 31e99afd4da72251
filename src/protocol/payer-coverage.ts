/**
 * Whose member is this? CRD hook-13: when the primary Coverage (prefetched or queried) has no payor identifier
 * naming a payer this server handles, the server SHALL answer 400 and SHOULD give an OperationOutcome; that
 * includes no Coverage, several Coverages, and a Coverage whose payor has no identifier at all.
 *
 * A payor is this payer's when one of its identifiers (on the reference, or on a contained Organization) equals a
 * configured `payer.identifiers` entry (system and value, exact), when its reference is one of the calling EHR's
 * configured `payerOrganizations`, or when the Organization it refers to, read from the EHR's FHIR server, carries
 * such an identifier. A name ("Blue Cross VT" as `display`) is never enough: anyone can write one.
 *
 * A technical failure is not a verdict: when the EHR's FHIR server fails the Coverage query or the payor
 * Organization read (timeout, 5xx, a refused token), the answer degrades to the policy cards without a
 * coverage-information system action, as it does for any other part of the chart. Only when the Coverage was
 * neither prefetched nor queryable (no fhirServer or token, or one not registered) is the call refused with 412.
 *
 * `payer.withoutCoverage: "cards"` relaxes one case only: a call whose data holds no Coverage at all (or whose
 * Coverage could not be obtained) gets the policy cards without a coverage-information system action. Another
 * payer's member, or several Coverages, are always refused.
 */
import type { PayerIdentity } from '../config.js';
import type { CoverageFact, DataGap, IdentifierFact, PayorFact } from '../data/facts.js';
import type { OrganizationReading } from '../data/payor-organization.js';
import { HttpError } from './http-error.js';

export interface MemberCoverageInput {
  coverage?: CoverageFact;
  /** Why the Coverage could not be read, when it could not (a gap of the `coverage` topic). */
  coverageGap?: DataGap;
  /** Whether the service could query the EHR's FHIR server at all (a registered fhirServer and a token). */
  canQuery: boolean;
  payer: PayerIdentity;
  insurerName: string;
  /** The calling EHR's references to the payer's Organization (`clients[].payerOrganizations`). */
  payerOrganizations: readonly string[];
  fhirServer?: string;
  /** Reads a payor Organization from the EHR to learn its identifiers. */
  readOrganization: (reference: string) => Promise<OrganizationReading>;
}

type PayorVerdict = 'ours' | 'foreign' | 'no-identifier' | { unreadable: string };

function sameIdentifier(a: IdentifierFact, b: { system: string; value: string }): boolean {
  return a.system === b.system && a.value === b.value;
}

/** "https://ehr/fhir/Organization/1" under fhirServer "https://ehr/fhir" -> "Organization/1". */
function relativeTo(reference: string, fhirServer: string | undefined): string {
  const base = fhirServer?.replace(/\/+$/, '');
  return base && reference.startsWith(`${base}/`) ? reference.slice(base.length + 1) : reference;
}

async function payorVerdict(payor: PayorFact, input: MemberCoverageInput): Promise<PayorVerdict> {
  const ours = (identifiers: readonly IdentifierFact[]) =>
    identifiers.some((id) => input.payer.identifiers.some((mine) => sameIdentifier(id, mine)));
  if (ours(payor.identifiers)) return 'ours';
  const reference = payor.reference;
  if (reference) {
    const relative = relativeTo(reference, input.fhirServer);
    const configured = input.payerOrganizations.some(
      (candidate) => candidate === reference || relativeTo(candidate, input.fhirServer) === relative,
    );
    if (configured) return 'ours';
  }
  if (payor.identifiers.length > 0) return 'foreign';
  if (!reference || reference.startsWith('#')) return 'no-identifier';
  const reading = await input.readOrganization(reference);
  if (!reading.read) return reading.technical ? { unreadable: reading.why } : 'no-identifier';
  if (reading.identifiers.length === 0) return 'no-identifier';
  return ours(reading.identifiers) ? 'ours' : 'foreign';
}

const HOOK_13 = 'CRD hook-13';

/**
 * The member's Coverage to write coverage information against; undefined when the configuration lets a call
 * without Coverage have cards only, or when a technical failure left the payer unknown. Throws the 400 (or, when
 * the Coverage could be neither prefetched nor queried, 412) otherwise.
 */
export async function memberCoverage(input: MemberCoverageInput): Promise<CoverageFact | undefined> {
  const { coverage, insurerName } = input;
  const cardsOnly = input.payer.withoutCoverage === 'cards';
  if (!coverage) {
    if (cardsOnly) return undefined;
    // The query was made and failed: the answer degrades (cards, no system action), as for the rest of the chart.
    if (input.coverageGap && input.canQuery) return undefined;
    if (input.coverageGap) {
      throw HttpError.outcome(
        412,
        'incomplete',
        `Coverage: could not be read (${input.coverageGap.message}), so the member's payer is unknown. ` +
          'Send the coverage prefetch or a registered fhirServer with a token.',
      );
    }
    throw HttpError.outcome(
      400,
      'not-found',
      `Coverage: the patient has no Coverage in force; this service answers for ${insurerName} members only (${HOOK_13}).`,
    );
  }
  if (coverage.alsoInForce?.length) {
    throw HttpError.outcome(
      400,
      'multiple-matches',
      `Coverage: ${coverage.alsoInForce.length + 1} Coverages in force; send the one primary Coverage (${HOOK_13}).`,
    );
  }
  const verdicts: PayorVerdict[] = [];
  for (const payor of coverage.payors ?? []) {
    const verdict = await payorVerdict(payor, input);
    if (verdict === 'ours') return coverage;
    verdicts.push(verdict);
  }
  if (verdicts.includes('foreign')) {
    throw HttpError.outcome(
      400,
      'business-rule',
      `${coverage.reference}.payor: identifies another payer; this service answers for ${insurerName} only (${HOOK_13}).`,
    );
  }
  // The payor Organization read failed for a technical reason: degrade rather than refuse on a guess.
  if (verdicts.some((v) => typeof v === 'object')) return undefined;
  throw HttpError.outcome(
    400,
    'business-rule',
    `${coverage.reference}.payor: has no payer identifier (${HOOK_13}); give the payor an identifier or ` +
      "reference an Organization that has one (see this service's registration).",
  );
}
