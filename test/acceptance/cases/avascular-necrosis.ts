/**
 * MN-2: "Diagnosis of avascular necrosis when both: prior plain film x-ray imaging or CT of the suspicious area is
 * nondiagnostic; AND MRI cannot be performed or is nondiagnostic". A prior x-ray/CT and a prior MRI (or a documented
 * MRI contraindication) on file satisfy the data check; whether they were nondiagnostic is for the PA request.
 */
import { icd, SITE, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorCt, priorKneeMri, priorMri, priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, needsPriorImaging } from './expect.js';

const necrosisLumbar = condition('c1', icd('M87.08', 'Idiopathic aseptic necrosis of bone, other site'), {
  bodySite: SITE.lumbar,
});

export const avascularNecrosisScenarios: Scenario[] = [
  {
    id: 'AVN-1',
    title: 'thoracic necrosis, nondiagnostic x-ray, and a defibrillator (MRI cannot be performed)',
    chart: {
      conditions: [
        condition('c1', icd('M87.38', 'Other secondary osteonecrosis, other site'), {
          bodySite: SITE.thoracic,
        }),
        condition('c2', icd('Z95.810', 'Presence of automatic (implantable) cardiac defibrillator')),
      ],
      imagingStudies: [priorXray('xr1', 'thoracic', 20, 'Nondiagnostic')],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic' })],
    expect: [meetsCriteria('spect-1', 'avascular-necrosis')],
  },
  {
    id: 'AVN-2',
    title: 'lumbar necrosis with a prior CT and a prior MRI of the lumbar spine on file',
    chart: {
      conditions: [necrosisLumbar],
      imagingStudies: [priorCt('ct1', 'lumbar', 40), priorMri('mr1', 'lumbar', 20)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'avascular-necrosis')],
  },
  {
    id: 'AVN-3',
    title: 'a pacemaker documents that MRI cannot be performed (with a prior x-ray)',
    chart: {
      conditions: [necrosisLumbar, condition('c2', icd('Z95.0', 'Presence of cardiac pacemaker'))],
      imagingStudies: [priorXray('xr1', 'lumbar')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'avascular-necrosis')],
  },
  {
    id: 'AVN-4',
    title: 'SNOMED avascular necrosis at the lumbar spine, x-ray on file, no MRI and no contraindication',
    chart: {
      conditions: [
        condition('c1', sct('397758007', 'Avascular necrosis of bone'), { bodySite: SITE.lumbar }),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-mri'])],
  },
  {
    id: 'AVN-5',
    title: 'an MRI of the knee is not a prior MRI of the spine',
    chart: {
      conditions: [necrosisLumbar],
      imagingStudies: [priorXray('xr1', 'lumbar'), priorKneeMri('mr-knee')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-mri'])],
  },
  {
    id: 'AVN-6',
    title: 'cochlear implant (MRI cannot be performed) but no prior x-ray or CT',
    chart: {
      conditions: [necrosisLumbar, condition('c2', icd('Z96.21', 'Cochlear implant status'))],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
  {
    id: 'AVN-7',
    title: 'neither a prior x-ray/CT nor a prior MRI: both are missing',
    chart: { conditions: [necrosisLumbar] },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging', 'missing-prior-mri'])],
  },
];
