/**
 * NMN-1: "Simultaneous ordering of SPECT imaging with other advanced imaging, such as MRI, may be considered not
 * medically necessary unless there is clear, documented rationale". Other advanced imaging = MRI, CT or PET (not a
 * planar bone scan) among this call's draft orders, or an active/draft/on-hold order authored within 7 days.
 * A completed study is prior imaging, not simultaneous.
 */
import { IMAGING, icd } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { imagingOrder, priorMri } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, simultaneousImaging } from './expect.js';

const osteomyelitis = condition('c1', icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'));
const prostateCancerWithPain = [
  condition('c1', icd('C61', 'Malignant neoplasm of prostate')),
  condition('c2', icd('M54.50', 'Low back pain, unspecified')),
];

export const simultaneousScenarios: Scenario[] = [
  {
    id: 'SIM-1',
    title: 'an MRI of the lumbar spine drafted in the same order session',
    chart: { conditions: [osteomyelitis] },
    drafts: [spectOrder('spect-1'), imagingOrder('mri-1', IMAGING.mriLumbarWithWithout, 'lumbar')],
    expect: [simultaneousImaging('spect-1', 'mri-1', 'infection')],
  },
  {
    id: 'SIM-2',
    title: 'a CT of the abdomen and pelvis drafted alongside (CT is advanced imaging)',
    chart: { conditions: prostateCancerWithPain },
    drafts: [spectOrder('spect-1'), imagingOrder('ct-1', IMAGING.ctAbdomenPelvis, 'lumbar')],
    expect: [simultaneousImaging('spect-1', 'ct-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'SIM-3',
    title: 'a PET/CT drafted alongside',
    chart: { conditions: prostateCancerWithPain },
    drafts: [spectOrder('spect-1'), imagingOrder('pet-1', IMAGING.petCt, 'lumbar')],
    expect: [simultaneousImaging('spect-1', 'pet-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'SIM-4',
    title: 'a planar whole-body bone scan drafted alongside is not other advanced imaging',
    chart: { conditions: prostateCancerWithPain },
    drafts: [spectOrder('spect-1'), imagingOrder('bone-1', IMAGING.boneScanWholeBody, 'lumbar')],
    expect: [meetsCriteria('spect-1', 'bone-tumor-symptoms')],
  },
  {
    id: 'SIM-5',
    title: 'an active MRI order authored 3 days ago',
    chart: {
      conditions: [osteomyelitis],
      serviceRequests: [
        imagingOrder('mri-old', IMAGING.mriLumbar, 'lumbar', { status: 'active', authoredDaysAgo: 3 }),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [simultaneousImaging('spect-1', 'mri-old', 'infection')],
  },
  {
    id: 'SIM-6',
    title: 'an on-hold CT order authored 6 days ago',
    chart: {
      conditions: [osteomyelitis],
      serviceRequests: [
        imagingOrder('ct-old', IMAGING.ctLumbar, 'lumbar', { status: 'on-hold', authoredDaysAgo: 6 }),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [simultaneousImaging('spect-1', 'ct-old', 'infection')],
  },
  {
    id: 'SIM-7',
    title: 'a draft MRI order saved in the EHR yesterday',
    chart: {
      conditions: [osteomyelitis],
      serviceRequests: [
        imagingOrder('mri-saved', IMAGING.mriLumbar, 'lumbar', { status: 'draft', authoredDaysAgo: 1 }),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [simultaneousImaging('spect-1', 'mri-saved', 'infection')],
  },
  {
    id: 'SIM-8',
    title: 'an active MRI order authored 20 days ago is outside the 7-day window',
    chart: {
      conditions: [osteomyelitis],
      serviceRequests: [
        imagingOrder('mri-old', IMAGING.mriLumbar, 'lumbar', { status: 'active', authoredDaysAgo: 20 }),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'SIM-9',
    title: 'a completed MRI (order completed, study available) 2 days ago is prior imaging, not simultaneous',
    chart: {
      conditions: [osteomyelitis],
      serviceRequests: [
        imagingOrder('mri-done', IMAGING.mriLumbar, 'lumbar', { status: 'completed', authoredDaysAgo: 2 }),
      ],
      imagingStudies: [priorMri('mr1', 'lumbar', 1)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'SIM-10',
    title: 'a revoked MRI order authored yesterday does not count',
    chart: {
      conditions: [osteomyelitis],
      serviceRequests: [
        imagingOrder('mri-revoked', IMAGING.mriLumbar, 'lumbar', { status: 'revoked', authoredDaysAgo: 1 }),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
];
