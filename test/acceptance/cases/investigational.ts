/**
 * INV-1: "The use of SPECT/CT imaging to guide surgical planning in individuals with axial neck and/or back pain
 * from disc degeneration (spondylosis), not otherwise meeting medical necessity criteria above."
 * NMN-2: "For all other indications that are not listed as medically necessary".
 * Degeneration alone is not investigational (no surgical planning), and any medically-necessary indication wins.
 */
import { icd, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorMri, priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { investigational, meetsCriteria, notMedicallyNecessary } from './expect.js';

const discDegeneration = icd(
  'M51.362',
  'Other intervertebral disc degeneration, lumbar region with discogenic back pain',
);
const lowBackPain = icd('M54.50', 'Low back pain, unspecified');

export const investigationalScenarios: Scenario[] = [
  {
    id: 'INV-1',
    title: 'lumbar disc degeneration, reason text "surgical planning - level selection for fusion"',
    chart: {
      conditions: [condition('c1', discDegeneration), condition('c2', lowBackPain)],
      imagingStudies: [priorMri('mr1', 'lumbar', 60)],
    },
    drafts: [
      spectOrder('spect-1', {
        reasonCode: [discDegeneration],
        reasonText: 'Surgical planning - level selection for fusion',
      }),
    ],
    expect: [investigational('spect-1')],
  },
  {
    id: 'INV-2',
    title: 'cervical spondylosis with neck pain, pre-procedural examination reason code, cervical SPECT',
    chart: {
      conditions: [
        condition('c1', icd('M47.812', 'Spondylosis without myelopathy or radiculopathy, cervical region')),
        condition('c2', icd('M54.2', 'Cervicalgia')),
      ],
      imagingStudies: [priorMri('mr1', 'cervical', 45)],
    },
    drafts: [
      spectOrder('spect-1', {
        site: 'cervical',
        reasonCode: [icd('Z01.818', 'Encounter for other preprocedural examination')],
        reasonText: 'Pre-op planning for anterior cervical fusion',
      }),
    ],
    expect: [investigational('spect-1')],
  },
  {
    id: 'INV-3',
    title: 'SNOMED lumbar spondylosis, surgical-planning intent written as a reason on the order',
    chart: {
      conditions: [condition('c1', sct('239880009', 'Lumbar spondylosis')), condition('c2', lowBackPain)],
    },
    drafts: [
      spectOrder('spect-1', { reasonText: 'Preoperative planning: identify pain generator before fusion' }),
    ],
    expect: [investigational('spect-1')],
  },
  {
    id: 'NMN-1',
    title: 'disc degeneration and back pain without surgical planning: not medically necessary',
    chart: {
      conditions: [condition('c1', discDegeneration), condition('c2', lowBackPain)],
      imagingStudies: [priorMri('mr1', 'lumbar', 60)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'NMN-2',
    title: 'low back pain alone with a normal x-ray: not a listed indication',
    chart: { conditions: [condition('c1', lowBackPain)], imagingStudies: [priorXray('xr1', 'lumbar')] },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'NMN-3',
    title: 'lumbar spinal stenosis: not a listed indication',
    chart: {
      conditions: [
        condition('c1', icd('M48.062', 'Spinal stenosis, lumbar region with neurogenic claudication')),
      ],
      imagingStudies: [priorMri('mr1', 'lumbar', 30)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'NMN-4',
    title: 'an empty chart and no reason on the order',
    chart: {},
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'MNW-1',
    title: 'surgical planning for spondylosis in a patient with prostate cancer and back pain: MN wins',
    chart: {
      conditions: [
        condition('c1', icd('M47.816', 'Spondylosis without myelopathy or radiculopathy, lumbar region')),
        condition('c2', lowBackPain),
        condition('c3', icd('C61', 'Malignant neoplasm of prostate')),
      ],
    },
    drafts: [spectOrder('spect-1', { reasonText: 'Surgical planning' })],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'MNW-2',
    title: 'disc degeneration with spondylolisthesis and an insufficient x-ray, planned fusion: MN wins',
    chart: {
      conditions: [
        condition('c1', discDegeneration),
        condition('c2', icd('M43.17', 'Spondylolisthesis, lumbosacral region')),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar', 30, 'Insufficient to direct management')],
    },
    drafts: [spectOrder('spect-1', { reasonText: 'Surgical planning for L5-S1 fusion' })],
    expect: [meetsCriteria('spect-1', 'spondylolysis-spondylolisthesis')],
  },
];
