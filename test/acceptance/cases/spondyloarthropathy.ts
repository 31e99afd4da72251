/**
 * MN-9: "Assessment of the spine and sacroiliac joints for rheumatologic disorders, including spondyloarthropathy,
 * when MRI cannot be performed or is nondiagnostic". A prior MRI of the spine, pelvis or SI joints, or a documented
 * MRI contraindication, satisfies the data check.
 */
import { icd, SITE, SPECT, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorKneeMri, priorMri, priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, needsPriorImaging, notMedicallyNecessary } from './expect.js';

const sacroiliitis = icd('M46.1', 'Sacroiliitis, not elsewhere classified');
const ankylosingLumbar = icd('M45.6', 'Ankylosing spondylitis of lumbar region');
const siSpect = (id: string) => spectOrder(id, { site: 'sacroiliac', code: SPECT.singleArea });

export const spondyloarthropathyScenarios: Scenario[] = [
  {
    id: 'SPA-1',
    title: 'ankylosing spondylitis and a pacemaker (MRI cannot be performed)',
    chart: {
      conditions: [
        condition('c1', ankylosingLumbar),
        condition('c2', icd('Z95.0', 'Presence of cardiac pacemaker')),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'spondyloarthropathy')],
  },
  {
    id: 'SPA-2',
    title: 'sacroiliitis with a prior MRI of the pelvis/SI joints, SI-joint SPECT',
    chart: {
      conditions: [condition('c1', sacroiliitis, { bodySite: SITE.sacroiliac })],
      imagingStudies: [priorMri('mr1', 'sacroiliac', 60, 'Nondiagnostic, motion')],
    },
    drafts: [siSpect('spect-1')],
    expect: [meetsCriteria('spect-1', 'spondyloarthropathy')],
  },
  {
    id: 'SPA-3',
    title: 'SNOMED ankylosing spondylitis with a pacemaker in situ (SNOMED finding)',
    chart: {
      conditions: [
        condition('c1', sct('9631008', 'Ankylosing spondylitis')),
        condition('c2', sct('441509002', 'Cardiac pacemaker in situ')),
      ],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic' })],
    expect: [meetsCriteria('spect-1', 'spondyloarthropathy')],
  },
  {
    id: 'SPA-4',
    title: 'psoriatic spondylitis with a prior lumbar MRI on file',
    chart: {
      conditions: [condition('c1', icd('L40.53', 'Psoriatic spondylitis'))],
      imagingStudies: [priorMri('mr1', 'lumbar', 90)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'spondyloarthropathy')],
  },
  {
    id: 'SPA-5',
    title: 'sacroiliitis with no MRI and no contraindication: prior MRI missing (suggest pelvis MRI)',
    chart: { conditions: [condition('c1', sacroiliitis, { bodySite: SITE.sacroiliac })] },
    drafts: [siSpect('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-mri'])],
  },
  {
    id: 'SPA-6',
    title: 'ankylosing spondylitis with only a knee MRI: not a prior MRI of the spine',
    chart: {
      conditions: [condition('c1', ankylosingLumbar)],
      imagingStudies: [priorKneeMri('mr-knee')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-mri'])],
  },
  {
    id: 'SPA-7',
    title: 'a radiographic-dye allergy is not an MRI contraindication',
    chart: {
      conditions: [
        condition('c1', ankylosingLumbar),
        condition('c2', icd('Z91.041', 'Radiographic dye allergy status')),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-mri'])],
  },
  {
    id: 'SPA-8',
    title: 'resolved sacroiliitis with a pacemaker: no qualifying indication',
    chart: {
      conditions: [
        condition('c1', sacroiliitis, { clinical: 'resolved', bodySite: SITE.sacroiliac }),
        condition('c2', icd('Z95.0', 'Presence of cardiac pacemaker')),
      ],
    },
    drafts: [siSpect('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
];
