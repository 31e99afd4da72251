/**
 * PatientFacts: the one normalized structure the data layer hands to the policy layer.
 *
 * Everything here is plain data derived from FHIR R4 resources (prefetch or FHIR API). The policy layer
 * never sees HTTP, bundles or raw resources; it reads these facts and nothing else. Each fact keeps the
 * FHIR reference it came from ("Condition/123") so that a Determination can cite its evidence.
 */

/** A code as it appeared in the source resource (system may be absent in poorly coded data). */
export interface Code {
  system?: string;
  code: string;
  display?: string;
}

/** Where a fact came from: the FHIR reference plus, for audit, whether prefetch or a query supplied it. */
export type FactSource = 'prefetch' | 'fhir' | 'draft';

/** Condition-like facts: Condition resources, and the reasons written on an order itself. */
export interface ConditionFact {
  /** "Condition/123", or "ServiceRequest/abc#reasonCode" for a reason carried by the order. */
  reference: string;
  codes: Code[];
  text?: string;
  /** Condition.clinicalStatus code (active, recurrence, relapse, inactive, remission, resolved); absent on order reasons. */
  clinicalStatus?: string;
  /** Condition.verificationStatus code (unconfirmed, provisional, differential, confirmed, refuted, entered-in-error). */
  verificationStatus?: string;
  bodySites: Code[];
  /** bodySite[].text, joined: where the clinician wrote the site in words ("L4-5 disc space"). */
  bodySiteText?: string;
  /** ISO date or dateTime the condition was recorded or began, if known. */
  recordedDate?: string;
  /** onsetDateTime or onsetPeriod.start: when the condition began, if stated (recordedDate is when it was charted). */
  onset?: string;
  /**
   * abatement[x] is present: the condition has resolved or gone into remission (FHIR R4 con-4 requires clinicalStatus
   * inactive, resolved or remission then). abatementDate holds its date when it has one (dateTime, Period end or
   * start); an abatement given as age, Range or string has none and is taken as past.
   */
  abated?: boolean;
  abatementDate?: string;
  /** true when the fact comes from the order's own reasonCode/reasonReference rather than the problem list. */
  fromOrderReason: boolean;
  source: FactSource;
}

/** A procedure in the patient's history (e.g. a spinal fusion). */
export interface ProcedureFact {
  reference: string;
  codes: Code[];
  text?: string;
  /** Procedure.status (completed, in-progress, not-done, entered-in-error, ...). */
  status?: string;
  bodySites: Code[];
  /** bodySite[].text, joined. */
  bodySiteText?: string;
  performedDate?: string;
  source: FactSource;
}

/** A completed (or available) imaging study: ImagingStudy resources. */
export interface ImagingStudyFact {
  reference: string;
  /** ImagingStudy.procedureCode codings (CPT, LOINC, RadLex...). */
  codes: Code[];
  /** DICOM modality codes of the study and its series (MR, CT, NM, PT, CR, DX...). */
  modalities: string[];
  bodySites: Code[];
  /** ImagingStudy.status (available, registered, cancelled, entered-in-error, unknown). */
  status?: string;
  started?: string;
  description?: string;
  /** Other words that say what was imaged: procedureCode texts and series descriptions. */
  texts: string[];
  source: FactSource;
}

/** A ServiceRequest: a draft order from the hook context, or an order already in the EHR. */
export interface OrderFact {
  /** "ServiceRequest/<id>". */
  reference: string;
  id: string;
  resourceType: string;
  status?: string;
  intent?: string;
  codes: Code[];
  codeText?: string;
  bodySites: Code[];
  bodySiteText?: string;
  reasonCodes: Code[];
  reasonText: string[];
  /** References from reasonReference ("Condition/123"). */
  reasonReferences: string[];
  /** Free text notes and patientInstruction, for documented rationale and surgical-planning intent. */
  notes: string[];
  /** supportingInfo references ("Condition/123"): what the clinician attached to the order as its grounds. */
  supportingReferences: string[];
  /**
   * supportingInfo in words: each Reference's display, and the description of a DocumentReference (or the text of a
   * contained resource) it points to when the EHR sent that resource with the order.
   */
  supportingTexts: string[];
  authoredOn?: string;
  /** true for orders from context.draftOrders. */
  draft: boolean;
  source: FactSource;
}

/** Something the service could not check (a prefetch key missing and its query failed, timed out, ...). */
export interface DataGap {
  /** Which part of the chart: 'conditions', 'imagingStudies', 'serviceRequests', 'procedures', 'coverage', 'patient'. */
  topic: FactTopic;
  reason:
    | 'timeout'
    | 'unauthorized'
    | 'forbidden'
    | 'not-found'
    | 'server-error'
    | 'invalid-response'
    | 'unreachable'
    | 'not-allowed'
    | 'rate-limited'
    | 'truncated'
    /** Not queried: the FHIR server's circuit breaker is open after repeated failures. */
    | 'circuit-open'
    /** Records naming a patient other than the hook's were left out (src/data/patient-reference.ts). */
    | 'other-patient';
  /** Human-readable, patient-data-free description for logs and cards. */
  message: string;
}

export type FactTopic =
  | 'patient'
  | 'coverage'
  | 'conditions'
  | 'procedures'
  | 'imagingStudies'
  | 'serviceRequests';

/** An identifier as FHIR writes it (Organization.identifier, Reference.identifier). */
export interface IdentifierFact {
  system?: string;
  value: string;
}

/** One Coverage.payor: its reference, its identifiers (on the reference or a contained Organization). */
export interface PayorFact {
  /** "Organization/x", an absolute URL or "#x"; absent for a logical reference. */
  reference?: string;
  identifiers: IdentifierFact[];
  display?: string;
}

export interface CoverageFact {
  reference: string;
  status?: string;
  payorDisplay?: string;
  /** Every Coverage.payor, for matching the payer this service answers for (CRD hook-13). */
  payors?: PayorFact[];
  /** References of the other Coverages in force that came with it: several make the primary ambiguous. */
  alsoInForce?: string[];
}

export interface PatientFacts {
  patientId: string;
  /** Reference date for windows ("within 7 days"): the time of the hook call, passed in so the policy has no clock. */
  asOf: string;
  conditions: ConditionFact[];
  procedures: ProcedureFact[];
  imagingStudies: ImagingStudyFact[];
  /** ServiceRequests already in the EHR (not the drafts of this call). */
  existingOrders: OrderFact[];
  /** Every order in context.draftOrders. */
  draftOrders: OrderFact[];
  coverage?: CoverageFact;
  gaps: DataGap[];
}
