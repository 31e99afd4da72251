/** MN-5 "Evaluation of osseous tumor" and MN-6 "Evaluation of osteoid osteoma" (no prerequisite imaging). */
import { icd, SITE, SPECT, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria } from './expect.js';

export const osseousTumorScenarios: Scenario[] = [
  {
    id: 'OT-1',
    title: 'primary malignant neoplasm of the vertebral column',
    chart: { conditions: [condition('c1', icd('C41.2', 'Malignant neoplasm of vertebral column'))] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'osseous-tumor')],
  },
  {
    id: 'OT-2',
    title: 'secondary malignant neoplasm of bone without symptoms',
    chart: { conditions: [condition('c1', icd('C79.51', 'Secondary malignant neoplasm of bone'))] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'osseous-tumor')],
  },
  {
    id: 'OT-3',
    title: 'SNOMED metastasis to the vertebral column, thoracic SPECT (78831)',
    chart: {
      conditions: [condition('c1', sct('94602001', 'Metastatic malignant neoplasm to vertebral column'))],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic', code: SPECT.multiArea })],
    expect: [meetsCriteria('spect-1', 'osseous-tumor')],
  },
  {
    id: 'OT-4',
    title: 'bone metastasis with low back pain meets both the tumour-symptom and the osseous-tumour criteria',
    chart: {
      conditions: [
        condition('c1', icd('C79.51', 'Secondary malignant neoplasm of bone')),
        condition('c2', icd('M54.50', 'Low back pain, unspecified')),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms', 'osseous-tumor')],
  },
];

export const osteoidOsteomaScenarios: Scenario[] = [
  {
    id: 'OO-1',
    title: 'SNOMED osteoid osteoma at the lumbar spine (an osteoid osteoma is also an osseous tumour)',
    chart: { conditions: [condition('c1', sct('302859004', 'Osteoid osteoma'), { bodySite: SITE.lumbar })] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'osseous-tumor', 'osteoid-osteoma')],
  },
  {
    id: 'OO-2',
    title: 'benign neoplasm of the vertebral column noted as osteoid osteoma of the L4 pedicle',
    chart: {
      conditions: [
        condition('c1', icd('D16.6', 'Benign neoplasm of vertebral column'), {
          text: 'Osteoid osteoma L4 pedicle',
        }),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'osseous-tumor', 'osteoid-osteoma')],
  },
  {
    id: 'OO-3',
    title: 'osteoid osteoma given only as the reason on a cervical order',
    chart: {},
    drafts: [spectOrder('spect-1', { site: 'cervical', reasonCode: [sct('302859004', 'Osteoid osteoma')] })],
    expect: [meetsCriteria('spect-1', 'osseous-tumor', 'osteoid-osteoma')],
  },
];
