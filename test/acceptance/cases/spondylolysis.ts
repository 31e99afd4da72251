/**
 * MN-10: "Further evaluation of spondylolysis/spondylolisthesis when prior imaging provides insufficient information
 * to direct management". Prior imaging must be on file.
 */
import { icd, SPECT, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorCt, priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, needsPriorImaging } from './expect.js';

export const spondylolysisScenarios: Scenario[] = [
  {
    id: 'SL-1',
    title: 'lumbar spondylolysis in an adolescent athlete, x-ray insufficient to direct management',
    chart: {
      conditions: [condition('c1', icd('M43.06', 'Spondylolysis, lumbar region'))],
      imagingStudies: [
        priorXray('xr1', 'lumbar', 10, 'Pars not well seen; insufficient to direct management'),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'spondylolysis-spondylolisthesis')],
  },
  {
    id: 'SL-2',
    title: 'congenital spondylolisthesis, CT equivocal for an active pars stress reaction',
    chart: {
      conditions: [condition('c1', icd('Q76.2', 'Congenital spondylolisthesis'))],
      imagingStudies: [priorCt('ct1', 'lumbar', 20, 'Equivocal for active pars stress reaction')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'spondylolysis-spondylolisthesis')],
  },
  {
    id: 'SL-3',
    title: 'SNOMED spondylolisthesis with a prior lumbar x-ray (SPECT/CT 78832)',
    chart: {
      conditions: [condition('c1', sct('274152003', 'Spondylolisthesis'))],
      imagingStudies: [priorXray('xr1', 'lumbar', 40)],
    },
    drafts: [spectOrder('spect-1', { code: SPECT.spectCtMultiArea })],
    expect: [meetsCriteria('spect-1', 'spondylolysis-spondylolisthesis')],
  },
  {
    id: 'SL-4',
    title: 'lumbar spondylolisthesis with no prior imaging: prior imaging missing',
    chart: { conditions: [condition('c1', icd('M43.16', 'Spondylolisthesis, lumbar region'))] },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
  {
    id: 'SL-5',
    title: 'cervical spondylolysis with a prior cervical x-ray',
    chart: {
      conditions: [condition('c1', sct('445018004', 'Spondylolysis of cervical spine'))],
      imagingStudies: [priorXray('xr1', 'cervical', 25)],
    },
    drafts: [spectOrder('spect-1', { site: 'cervical' })],
    expect: [meetsCriteria('spect-1', 'spondylolysis-spondylolisthesis')],
  },
];
