/** MN-1: "Diagnosis of infection ... including osteomyelitis, epidural abscess, spondylodiscitis and discitis". */
import { icd, SITE, SPECT, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorMri } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, notMedicallyNecessary } from './expect.js';

const osteomyelitisLumbar = icd('M46.26', 'Osteomyelitis of vertebra, lumbar region');

export const infectionScenarios: Scenario[] = [
  {
    id: 'INF-1',
    title: 'vertebral osteomyelitis on the problem list meets the criterion with no prior imaging',
    chart: { conditions: [condition('c1', osteomyelitisLumbar, { bodySite: SITE.lumbar })] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'INF-2',
    title:
      'a provisional (suspected) intraspinal abscess counts (SPECT 78803): the bullet is about diagnosing infection',
    chart: {
      conditions: [
        condition('c1', icd('G06.1', 'Intraspinal abscess and granuloma'), { verification: 'provisional' }),
      ],
    },
    drafts: [spectOrder('spect-1', { code: SPECT.singleArea })],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'INF-3',
    title: 'SNOMED infective discitis with an MRI done two weeks ago (prior imaging, not simultaneous)',
    chart: {
      conditions: [condition('c1', sct('302935008', 'Infective discitis'))],
      imagingStudies: [priorMri('mr1', 'lumbar', 14)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'INF-4',
    title: 'cervical SPECT/CT for acute osteomyelitis of the cervical spine',
    chart: {
      conditions: [condition('c1', sct('203157008', 'Acute osteomyelitis of cervical spine'))],
    },
    drafts: [spectOrder('spect-1', { site: 'cervical' })],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'INF-5',
    title: 'a recurrence of tuberculosis of the spine counts (clinicalStatus recurrence)',
    chart: {
      conditions: [condition('c1', icd('A18.01', 'Tuberculosis of spine'), { clinical: 'recurrence' })],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic' })],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'INF-6',
    title: 'reason only on the order: reasonCode discitis with no Condition on file',
    chart: {},
    drafts: [spectOrder('spect-1', { reasonCode: [icd('M46.46', 'Discitis, unspecified, lumbar region')] })],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'INF-7',
    title: 'reasonReference to a provisional osteomyelitis Condition counts',
    chart: {
      conditions: [condition('c9', osteomyelitisLumbar, { verification: 'provisional' })],
    },
    drafts: [spectOrder('spect-1', { reasonReference: ['Condition/c9'] })],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'INF-8',
    title: 'a resolved osteomyelitis does not count: no qualifying indication',
    chart: { conditions: [condition('c1', osteomyelitisLumbar, { clinical: 'resolved' })] },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'INF-9',
    title: 'a refuted osteomyelitis does not count',
    chart: { conditions: [condition('c1', osteomyelitisLumbar, { verification: 'refuted' })] },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'INF-10',
    title: 'an osteomyelitis entered in error does not count',
    chart: { conditions: [condition('c1', osteomyelitisLumbar, { verification: 'entered-in-error' })] },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
];
