/**
 * The Determination: what policy 6.01.VT204 says about one spine SPECT order. This is a public contract
 * (EHR analytics and payer reporting key on these ids); docs/policy.md documents it. Change with care.
 */

/**
 * An indication (criterion) id: declared in policy.json (`indications[].id`), in the policy's order, and checked at
 * load against the card texts. A string, not a TypeScript list, so that an indication is a data change.
 */
export type IndicationId = string;

export const OUTCOMES = [
  'meets-criteria',
  'needs-documentation',
  'investigational',
  'not-medically-necessary',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A finding code: declared in policy.json (`findings[].code`) with the bullets it may cite; see docs/policy.md. */
export type FindingCode = string;

/** A FHIR reference that supports (or triggered) a criterion or finding, with what it showed. */
export interface Evidence {
  /** "Condition/123", "ImagingStudy/9", "ServiceRequest/abc" (a reason on the order is cited as the order). */
  reference: string;
  /** Human-readable: the code and display that matched, e.g. "M46.26 Osteomyelitis of vertebra, lumbar region". */
  description: string;
  /** The value set that matched, so a reviewer can trace the code to its list. */
  valueSet?: string;
  /**
   * How the fact was found: "coded" (a code in a value set, the default when absent) or "text" (a phrase in free
   * text: reasonCode.text, a note, supportingInfo, a Condition known only by its text). Text evidence carries the
   * phrase as written in `quote`, so a prior-approval reviewer sees where it came from.
   */
  kind?: 'coded' | 'text';
  /** For text evidence: the words of the source text that matched, as the clinician wrote them. */
  quote?: string;
  /** The clinical date of the fact (onset, recorded, performed, study start), ISO 8601, when known. */
  date?: string;
}

/** A criterion (indication) that is fully met, with the evidence for each part of it. */
export interface CriterionResult {
  criterion: IndicationId;
  /** Policy bullet id (e.g. "MN-1") and its text, from the policy data. */
  bullet: string;
  policyText: string;
  evidence: Evidence[];
}

export interface Finding {
  code: FindingCode;
  /** The indication the finding is about, for missing-prior-* findings. */
  criterion?: IndicationId;
  /** Policy bullet id and the sentence the finding rests on. */
  bullet: string;
  policyText: string;
  /** What is missing or what triggered the finding, in one sentence (no patient identifiers). */
  message: string;
  evidence: Evidence[];
}

/** A part of the chart the service could not read, so the determination may be incomplete. */
export interface Limitation {
  topic: string;
  message: string;
}

export interface Determination {
  policy: string;
  policyVersion: string;
  /** "ServiceRequest/<id>" of the evaluated draft order. */
  order: string;
  /** The CPT (or other) code of the order that brought it under this policy, for CRD billingCode. */
  billingCode?: { system: string; code: string; display?: string };
  /**
   * The spine region the order images, for the cards' wording and suggestions (the MRI of the same region): one of
   * cervical, thoracic, lumbar, sacrum, sacroiliac, or "spine" when several, none or another region is named.
   */
  region: SpineRegion;
  /** Every region the order concerns (region ids of the policy's anatomy), as read from its site, code and words. */
  regions: string[];
  /** What the order is, as clinicians name it: "SPECT" (78803, 78831) or "SPECT/CT" (78830, 78832). */
  modality?: string;
  outcome: Outcome;
  criteriaMet: IndicationId[];
  /** Details of each criterion met, in the order of criteriaMet. */
  criteria: CriterionResult[];
  findings: Finding[];
  /** Data the service could not check; the cards say so honestly. */
  limitations: Limitation[];
}

export type SpineRegion = 'cervical' | 'thoracic' | 'lumbar' | 'sacrum' | 'sacroiliac' | 'spine';
