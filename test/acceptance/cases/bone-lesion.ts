/** MN-3: "Evaluation of bony lesion, indeterminate on prior imaging". Prior imaging must be on file. */
import { icd, SITE, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorCt, priorMri, priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, needsPriorImaging } from './expect.js';

const abnormalImaging = icd(
  'R93.7',
  'Abnormal findings on diagnostic imaging of other parts of musculoskeletal system',
);

export const boneLesionScenarios: Scenario[] = [
  {
    id: 'IBL-1',
    title: 'abnormal imaging finding with an indeterminate lesion on a prior lumbar CT',
    chart: {
      conditions: [condition('c1', abnormalImaging, { bodySite: SITE.lumbar })],
      imagingStudies: [priorCt('ct1', 'lumbar', 10, 'Indeterminate sclerotic lesion L3')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'indeterminate-bone-lesion')],
  },
  {
    id: 'IBL-2',
    title: 'lytic lesion (SNOMED) characterised as indeterminate on a prior x-ray',
    chart: {
      conditions: [
        condition('c1', sct('441684001', 'Lytic lesion of bone on X-ray'), { bodySite: SITE.lumbar }),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar', 12, 'Lytic lesion, indeterminate')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'indeterminate-bone-lesion')],
  },
  {
    id: 'IBL-3',
    title: 'neoplasm of uncertain behaviour of bone on a prior MRI is both a lesion and an osseous tumour',
    chart: {
      conditions: [
        condition('c1', icd('D48.0', 'Neoplasm of uncertain behavior of bone and articular cartilage')),
      ],
      imagingStudies: [priorMri('mr1', 'thoracic', 15, 'Indeterminate marrow lesion T9')],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic' })],
    expect: [meetsCriteria('spect-1', 'indeterminate-bone-lesion', 'osseous-tumor')],
  },
  {
    id: 'IBL-4',
    title: 'abnormal imaging finding with no prior imaging on file: prior imaging missing',
    chart: { conditions: [condition('c1', abnormalImaging, { bodySite: SITE.lumbar })] },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
  {
    id: 'IBL-5',
    title: 'a cancelled prior CT is not prior imaging',
    chart: {
      conditions: [condition('c1', abnormalImaging, { bodySite: SITE.lumbar })],
      imagingStudies: [{ ...priorCt('ct1', 'lumbar'), status: 'cancelled' }],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
];
