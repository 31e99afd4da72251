/** Small builders for the cards tests: Determinations by hand (the policy layer is not needed), drafts, contexts. */
import type { ServiceRequest } from 'fhir/r4.js';
import { loadCardTexts } from '../../../src/app/load-cards.js';
import type { RenderContext } from '../../../src/cards/context.js';
import type { CardTexts } from '../../../src/cards/texts.js';
import type { Determination, Finding, FindingCode } from '../../../src/policy/determination.js';

export const POLICY_URL =
  'https://www.bluecrossvt.org/documents/spect-ct-imaging-evaluation-spine-corporate-medical-policy';
export const CPT = 'http://www.ama-assn.org/go/cpt';

let texts: CardTexts | undefined;
/** The shipped card texts (loaded once). */
export function shippedTexts(): CardTexts {
  texts ??= loadCardTexts();
  return texts;
}

export function spectDraft(id = 'spect-1', overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    code: {
      coding: [{ system: CPT, code: '78830', display: 'SPECT/CT single area' }],
      text: 'SPECT/CT lumbar spine',
    },
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
    requester: { reference: 'Practitioner/dr1' },
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M87.08' }] }],
    reasonReference: [{ reference: 'Condition/c1' }],
    bodySite: [
      {
        coding: [{ system: 'http://snomed.info/sct', code: '122496007', display: 'Lumbar spine structure' }],
      },
    ],
    authoredOn: '2026-09-01',
    ...overrides,
  };
}

export function mriDraft(id = 'mri-1'): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    code: { coding: [{ system: CPT, code: '72148', display: 'MRI lumbar spine w/o contrast' }] },
    subject: { reference: 'Patient/p1' },
  };
}

export const FINDING_BULLETS: Record<FindingCode, string> = {
  'missing-prior-mri': 'MN-2',
  'missing-prior-imaging': 'MN-3',
  'simultaneous-advanced-imaging': 'NMN-1',
  'investigational-surgical-planning': 'INV-1',
  'no-qualifying-indication': 'NMN-2',
};

/** What the policy data says for each finding (policy.json messages), so card tests read like real answers. */
export const FINDING_MESSAGES: Record<FindingCode, string> = {
  'missing-prior-mri':
    'No prior MRI of the spine, pelvis or sacroiliac joints and no documented reason that MRI cannot be performed were found.',
  'missing-prior-imaging':
    'No prior imaging of the spine was found; the request must include the study on which the lesion was indeterminate.',
  'simultaneous-advanced-imaging':
    'Other advanced imaging is ordered at the same time as this SPECT without a documented rationale for performing both.',
  'investigational-surgical-planning':
    'The SPECT is requested to plan surgery for disc degeneration/spondylosis, and no medically necessary indication is documented.',
  'no-qualifying-indication':
    "None of the policy's medically necessary indications is documented in the chart or on the order.",
};

export function finding(code: FindingCode, overrides: Partial<Finding> = {}): Finding {
  const base: Finding = {
    code,
    bullet: FINDING_BULLETS[code] ?? 'GUIDELINE',
    policyText: 'policy sentence',
    message: FINDING_MESSAGES[code] ?? 'The chart does not show what the policy asks for here.',
    evidence: [
      { reference: 'Condition/c1', description: 'M87.08 Idiopathic aseptic necrosis of bone, other site' },
    ],
  };
  if (code === 'missing-prior-mri') base.criterion = 'avascular-necrosis';
  if (code === 'missing-prior-imaging') base.criterion = 'indeterminate-bone-lesion';
  if (code === 'simultaneous-advanced-imaging') {
    base.evidence = [
      { reference: 'ServiceRequest/mri-1', description: '72148 MRI lumbar spine w/o contrast' },
    ];
  }
  return { ...base, ...overrides };
}

export function determination(overrides: Partial<Determination> = {}): Determination {
  return {
    policy: '6.01.VT204',
    policyVersion: '2026-03',
    order: 'ServiceRequest/spect-1',
    billingCode: { system: CPT, code: '78830', display: 'SPECT/CT single area' },
    region: 'lumbar',
    regions: ['lumbar'],
    modality: 'SPECT/CT',
    outcome: 'meets-criteria',
    criteriaMet: ['infection'],
    criteria: [
      {
        criterion: 'infection',
        bullet: 'MN-1',
        policyText: 'Diagnosis of infection ...',
        evidence: [
          { reference: 'Condition/c9', description: 'M46.26 Osteomyelitis of vertebra, lumbar region' },
        ],
      },
    ],
    findings: [],
    limitations: [],
    ...overrides,
  };
}

/** A deterministic context: ids are uuid-shaped and counted, so tests can check uniqueness. */
export function context(overrides: Partial<RenderContext> = {}): RenderContext {
  let n = 0;
  return {
    hook: 'order-sign',
    insurerName: 'Blue Cross VT',
    policyUrl: POLICY_URL,
    coverage: { reference: 'Coverage/cov-1', status: 'active' },
    draftResources: new Map([['ServiceRequest/spect-1', spectDraft()]]),
    date: '2026-09-01',
    newId: () => {
      n += 1;
      return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
    },
    ...overrides,
  };
}
