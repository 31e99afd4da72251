/**
 * A scenario is data: a patient's chart, the draft orders of one hook call, and what the issue's contract says
 * the service must answer. The test files only iterate over scenarios; the cases/ folder is the specification.
 */
import type { Condition, Coverage, ImagingStudy, Procedure, ServiceRequest } from 'fhir/r4.js';
import type { FindingCode, IndicationId, Outcome } from '../../src/policy/determination.js';

export type Hook = 'order-sign' | 'order-select';

/** What the EHR knows about the patient (prefetch, or the mocked FHIR server). */
export interface Chart {
  conditions?: Condition[];
  procedures?: Procedure[];
  imagingStudies?: ImagingStudy[];
  /** Orders already in the EHR (not the drafts of this call). */
  serviceRequests?: ServiceRequest[];
  /** Default: one active Coverage. `null`: the patient has no Coverage on file. */
  coverage?: Coverage | null;
}

/**
 * A suggestion the card must offer:
 * - replace-with-mri: delete the SPECT draft and create an MRI of the same region (missing prior MRI);
 * - remove-other-order: delete the other advanced-imaging order (simultaneous ordering);
 * - remove-spect: delete the SPECT draft (investigational / not medically necessary).
 */
export type SuggestionKind = 'replace-with-mri' | 'remove-other-order' | 'remove-spect';

export interface ExpectedDetermination {
  /** Id of the evaluated draft ServiceRequest. */
  order: string;
  outcome: Outcome;
  /** Exactly these, in policy order. */
  criteriaMet: IndicationId[];
  /** Exactly these finding codes (any order). */
  findings: FindingCode[];
  /** For remove-other-order: the id of the order the suggestion deletes. */
  otherOrder?: string;
}

export interface Scenario {
  /** Short id used in test names and the README ("INF-1"). */
  id: string;
  title: string;
  /** Default order-sign. */
  hook?: Hook;
  chart: Chart;
  drafts: ServiceRequest[];
  /** order-select only: ids of the selected drafts. */
  selections?: string[];
  /** `none`: the service answers `{"cards": []}` (nothing in scope). */
  expect: ExpectedDetermination[] | 'none';
  /** The service refuses the call: this HTTP status, with an OperationOutcome whose issue has this code. */
  refused?: { status: 400 | 412; issueCode: string };
}
