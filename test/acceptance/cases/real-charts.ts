/**
 * Issue 11, "the determination on real charts": cases written from the policy text for the four classes the engine
 * misread (anatomy, time, free text, readings). Each case states, besides the outcome, criteria and findings, the
 * evidence a prior-approval reviewer must see (text evidence quoting the phrase as written).
 */
import { icd } from '../fixtures/codes.js';
import { condition, daysAgo, spectOrder } from '../fixtures/fhir.js';
import { priorCt, priorMri, priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, needsPriorImaging, notMedicallyNecessary } from './expect.js';

/** What one finding or criterion must cite: a reference, and for text evidence the quoted phrase. */
export interface EvidenceExpectation {
  /** A criterion id or a finding code. */
  of: string;
  reference: string;
  quote?: string;
}

export type RealChartCase = Scenario & { evidence?: EvidenceExpectation[] };

const avnLumbar = condition('c1', icd('M87.08', 'Idiopathic aseptic necrosis of bone, vertebrae'), {
  bodySite: { system: 'http://snomed.info/sct', code: '122496007', display: 'Lumbar spine structure' },
});
const pacemaker = condition('c2', icd('Z95.0', 'Presence of cardiac pacemaker'));

export const anatomyCases: RealChartCase[] = [
  {
    id: 'ANAT-1',
    title: 'MN-2 "x-ray or CT of the suspicious area": a cervical x-ray does not count for lumbar AVN',
    chart: { conditions: [avnLumbar, pacemaker], imagingStudies: [priorXray('xr1', 'cervical', 20)] },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
  {
    id: 'ANAT-2',
    title: 'MN-2: a lumbar x-ray of the suspicious area and a pacemaker meet the criterion',
    chart: { conditions: [avnLumbar, pacemaker], imagingStudies: [priorXray('xr1', 'lumbar', 20)] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'avascular-necrosis')],
    evidence: [{ of: 'avascular-necrosis', reference: 'ImagingStudy/xr1' }],
  },
  {
    id: 'ANAT-3',
    title: 'MN-2 "MRI ... nondiagnostic": a cervical MRI is not the MRI of lumbar disease',
    chart: {
      conditions: [avnLumbar],
      imagingStudies: [priorXray('xr1', 'lumbar', 20), priorMri('mr1', 'cervical', 10)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-mri'])],
  },
  {
    id: 'ANAT-4',
    title: 'a lumbar osteomyelitis does not support a cervical SPECT (no qualifying indication)',
    chart: { conditions: [condition('c1', icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'))] },
    drafts: [spectOrder('spect-1', { site: 'cervical' })],
    expect: [notMedicallyNecessary('spect-1')],
    evidence: [{ of: 'no-qualifying-indication', reference: 'Condition/c1' }],
  },
  {
    id: 'ANAT-5',
    title: 'MN-10: a thoracolumbar CT covers the lumbar spondylolisthesis',
    chart: {
      conditions: [condition('c1', icd('M43.16', 'Spondylolisthesis, lumbar region'))],
      imagingStudies: [priorCt('ct1', 'lumbar', 30, 'CT thoracolumbar spine')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'spondylolysis-spondylolisthesis')],
    evidence: [{ of: 'spondylolysis-spondylolisthesis', reference: 'ImagingStudy/ct1' }],
  },
];

export const timeCases: RealChartCase[] = [
  {
    id: 'TIME-1',
    title: 'an osteomyelitis with abatementDateTime in the past and no clinicalStatus does not count (con-4)',
    chart: {
      conditions: [
        {
          ...condition('c1', icd('M46.26', 'Osteomyelitis of vertebra, lumbar region')),
          clinicalStatus: undefined,
          abatementDateTime: daysAgo(60),
        },
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'TIME-2',
    title: 'an osteomyelitis whose abatement is still to come counts',
    chart: {
      conditions: [
        {
          ...condition('c1', icd('M46.26', 'Osteomyelitis of vertebra, lumbar region')),
          clinicalStatus: undefined,
          abatementDateTime: daysAgo(-30),
        },
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'TIME-3',
    title:
      "MN-3: the lumbar x-ray predates the lesion's onset, so it cannot be the study it was indeterminate on",
    chart: {
      conditions: [
        {
          ...condition('c1', icd('R93.7', 'Abnormal findings on imaging of musculoskeletal system')),
          onsetDateTime: daysAgo(40),
        },
      ],
      imagingStudies: [priorXray('xr1', 'lumbar', 90)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
  {
    id: 'TIME-4',
    title: 'MN-3: a lumbar CT after the onset counts',
    chart: {
      conditions: [
        {
          ...condition('c1', icd('R93.7', 'Abnormal findings on imaging of musculoskeletal system')),
          onsetDateTime: daysAgo(40),
        },
      ],
      imagingStudies: [priorCt('ct1', 'lumbar', 10)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'indeterminate-bone-lesion')],
    evidence: [{ of: 'indeterminate-bone-lesion', reference: 'ImagingStudy/ct1' }],
  },
  {
    id: 'TIME-5',
    title: 'MN-7, no onset stated: an x-ray from two years ago is outside the look-back window',
    chart: {
      conditions: [
        condition('c1', icd('M48.46XA', 'Fatigue fracture of vertebra, lumbar region'), {
          verification: 'provisional',
        }),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar', 730)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
];

export const textCases: RealChartCase[] = [
  {
    id: 'TEXT-1',
    title: 'reasonCode.text only, "r/o discitis L4-5": infection (MN-1), quoted',
    chart: {},
    drafts: [spectOrder('spect-1', { reasonText: 'Low back pain, fever. R/O discitis L4-5' })],
    expect: [meetsCriteria('spect-1', 'infection')],
    evidence: [{ of: 'infection', reference: 'ServiceRequest/spect-1', quote: 'R/O discitis' }],
  },
  {
    id: 'TEXT-2',
    title: 'a negated mention, "no evidence of discitis", never counts',
    chart: {},
    drafts: [spectOrder('spect-1', { note: 'MRI shows no evidence of discitis or osteomyelitis.' })],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'TEXT-3',
    title: 'a pseudo-negation, "osteomyelitis cannot be ruled out", counts',
    chart: {},
    drafts: [spectOrder('spect-1', { note: 'Vertebral osteomyelitis cannot be ruled out on MRI.' })],
    expect: [meetsCriteria('spect-1', 'infection')],
    evidence: [
      {
        of: 'infection',
        reference: 'ServiceRequest/spect-1',
        quote: 'Vertebral osteomyelitis cannot be ruled out',
      },
    ],
  },
  {
    id: 'TEXT-4',
    title: 'a problem-list Condition with only code.text, "suspected osteoid osteoma of L3": MN-6',
    chart: {
      conditions: [{ ...condition('c1', []), code: { text: 'Suspected osteoid osteoma of L3' } }],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'osteoid-osteoma')],
    evidence: [{ of: 'osteoid-osteoma', reference: 'Condition/c1', quote: 'Suspected osteoid osteoma' }],
  },
  {
    id: 'TEXT-5',
    title: 'INV-1 from text: degenerative disc disease, "select the level for a planned fusion"',
    chart: {},
    drafts: [
      spectOrder('spect-1', {
        reasonText: 'Degenerative disc disease L4-S1, axial back pain',
        note: 'Please help select the level for a planned fusion.',
      }),
    ],
    expect: [
      {
        order: 'spect-1',
        outcome: 'investigational',
        criteriaMet: [],
        findings: ['investigational-surgical-planning'],
      },
    ],
    evidence: [
      {
        of: 'investigational-surgical-planning',
        reference: 'ServiceRequest/spect-1',
        quote: 'select the level',
      },
    ],
  },
  {
    id: 'TEXT-6',
    title: 'a scope terminator: "no fever, but concern for spondylodiscitis" counts',
    chart: {},
    drafts: [
      spectOrder('spect-1', {
        note: 'No fever but concern for spondylodiscitis at T11-12.',
        site: 'thoracic',
      }),
    ],
    expect: [meetsCriteria('spect-1', 'infection')],
    evidence: [
      { of: 'infection', reference: 'ServiceRequest/spect-1', quote: 'concern for spondylodiscitis' },
    ],
  },
];

export const readingCases: RealChartCase[] = [
  {
    id: 'READ-1',
    title: 'A-CA-1: personal history of breast cancer (Z85.3) with low back pain is MN-4',
    chart: {
      conditions: [
        condition('c1', icd('Z85.3', 'Personal history of malignant neoplasm of breast')),
        condition('c2', icd('M54.50', 'Low back pain, unspecified')),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
    evidence: [{ of: 'bone-tumor-symptoms', reference: 'Condition/c1' }],
  },
  {
    id: 'READ-2',
    title: 'A-CA-1: a prostate cancer in remission with back pain is MN-4 (history counts for this bullet)',
    chart: {
      conditions: [
        condition('c1', icd('C61', 'Malignant neoplasm of prostate'), { clinical: 'remission' }),
        condition('c2', icd('M54.50', 'Low back pain, unspecified')),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'READ-3',
    title: 'A-FX-1: a confirmed lumbar vertebra fracture seen on x-ray is not "not visible or indeterminate"',
    chart: {
      conditions: [condition('c1', icd('S32.010A', 'Wedge compression fracture of first lumbar vertebra'))],
      imagingStudies: [priorXray('xr1', 'lumbar', 5)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
    evidence: [{ of: 'no-qualifying-indication', reference: 'Condition/c1' }],
  },
  {
    id: 'READ-4',
    title:
      'R-SURG-PAIN: fusion + pseudarthrosis without residual pain or symptoms documented: needs documentation',
    chart: { conditions: [condition('c1', icd('M96.0', 'Pseudarthrosis after fusion or arthrodesis'))] },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-pain-or-symptoms'])],
  },
  {
    id: 'READ-5',
    title: 'R-SURG-PAIN: the same with "persistent pain since the L4-5 fusion" in the note meets MN-8',
    chart: { conditions: [condition('c1', icd('M96.0', 'Pseudarthrosis after fusion or arthrodesis'))] },
    drafts: [spectOrder('spect-1', { note: 'Persistent pain since the L4-5 fusion.' })],
    expect: [meetsCriteria('spect-1', 'post-surgical')],
    evidence: [{ of: 'post-surgical', reference: 'ServiceRequest/spect-1', quote: 'Persistent pain' }],
  },
  {
    id: 'READ-6',
    title: 'R-INV-2: spondylolisthesis without prior imaging, for surgical planning: investigational',
    chart: {
      conditions: [
        condition('c1', icd('M43.16', 'Spondylolisthesis, lumbar region')),
        condition('c2', icd('M51.36', 'Other intervertebral disc degeneration, lumbar region')),
      ],
    },
    drafts: [spectOrder('spect-1', { note: 'Pre-op planning for L4-5 fusion' })],
    expect: [
      {
        order: 'spect-1',
        outcome: 'investigational',
        criteriaMet: [],
        findings: ['investigational-surgical-planning', 'missing-prior-imaging'],
      },
    ],
  },
];
