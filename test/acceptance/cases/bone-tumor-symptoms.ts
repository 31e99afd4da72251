/**
 * MN-4: "Evaluation of pain and/or associated symptoms of the spine, or clinical or radiographic signs in patients
 * with primary bone tumor or tumors known to metastasize frequently to bone". Cancer without symptoms or signs is
 * not this indication.
 */
import { icd, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, notMedicallyNecessary } from './expect.js';

const prostateCancer = icd('C61', 'Malignant neoplasm of prostate');
const lowBackPain = icd('M54.50', 'Low back pain, unspecified');

export const boneTumorSymptomScenarios: Scenario[] = [
  {
    id: 'BTS-1',
    title: 'prostate cancer with low back pain',
    chart: { conditions: [condition('c1', prostateCancer), condition('c2', lowBackPain)] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'BTS-2',
    title: 'lung cancer with thoracic spine pain, thoracic SPECT/CT',
    chart: {
      conditions: [
        condition(
          'c1',
          icd('C34.90', 'Malignant neoplasm of unspecified part of unspecified bronchus or lung'),
        ),
        condition('c2', icd('M54.6', 'Pain in thoracic spine')),
      ],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic' })],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'BTS-3',
    title: 'SNOMED-coded breast cancer and low back pain',
    chart: {
      conditions: [
        condition('c1', sct('254837009', 'Malignant neoplasm of breast')),
        condition('c2', sct('279039007', 'Low back pain')),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'BTS-4',
    title: 'renal cell cancer with neoplasm-related pain given as the order reason',
    chart: {
      conditions: [condition('c1', icd('C64.1', 'Malignant neoplasm of right kidney, except renal pelvis'))],
    },
    drafts: [
      spectOrder('spect-1', { reasonCode: [icd('G89.3', 'Neoplasm related pain (acute) (chronic)')] }),
    ],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'BTS-5',
    title: 'prostate cancer alone (staging, no spine symptom or sign) is not this indication',
    chart: { conditions: [condition('c1', prostateCancer)] },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'BTS-6',
    title: 'prostate cancer with a resolved episode of back pain: the symptom no longer counts',
    chart: {
      conditions: [condition('c1', prostateCancer), condition('c2', lowBackPain, { clinical: 'resolved' })],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
];
