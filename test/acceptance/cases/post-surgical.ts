/**
 * MN-8: "Evaluation of surgical bed in patients with residual pain and/or associated symptoms with prior surgical
 * procedure/fixation/fusion, where there is clinically suspected periprosthetic infection, aseptic loosening or
 * delayed hardware failure". Both the prior procedure and the suspected complication are needed.
 */
import { icd, PROCEDURE, SITE } from '../fixtures/codes.js';
import { condition, procedure, spectOrder } from '../fixtures/fhir.js';
import { priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, notMedicallyNecessary } from './expect.js';

const arthrodesisStatus = condition('c1', icd('Z98.1', 'Arthrodesis status'), { bodySite: SITE.lumbar });
const lowBackPain = condition('c2', icd('M54.50', 'Low back pain, unspecified'));
const hardwareBreakdown = condition(
  'c3',
  icd('T84.216A', 'Breakdown (mechanical) of internal fixation device of vertebrae, initial encounter'),
  { verification: 'provisional' },
);

export const postSurgicalScenarios: Scenario[] = [
  {
    id: 'PS-1',
    title: 'lumbar fusion status, residual pain, suspected mechanical complication of the fixation',
    chart: {
      conditions: [
        arthrodesisStatus,
        lowBackPain,
        condition(
          'c3',
          icd('T84.296A', 'Other mechanical complication of internal fixation device of vertebrae, initial'),
          { verification: 'provisional' },
        ),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'post-surgical')],
  },
  {
    id: 'PS-2',
    title: 'a lumbar fusion Procedure and suspected hardware breakdown',
    chart: {
      procedures: [procedure('p1', PROCEDURE.lumbarFusion, { bodySite: SITE.lumbar })],
      conditions: [lowBackPain, hardwareBreakdown],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'post-surgical')],
  },
  {
    id: 'PS-3',
    title: 'cervical arthrodesis and suspected displacement of the fixation, cervical SPECT/CT',
    chart: {
      procedures: [procedure('p1', PROCEDURE.cervicalArthrodesis, { bodySite: SITE.cervical })],
      conditions: [
        condition('c2', icd('M54.2', 'Cervicalgia')),
        condition(
          'c3',
          icd('T84.226A', 'Displacement of internal fixation device of vertebrae, initial encounter'),
          {
            verification: 'provisional',
          },
        ),
      ],
    },
    drafts: [spectOrder('spect-1', { site: 'cervical' })],
    expect: [meetsCriteria('spect-1', 'post-surgical')],
  },
  {
    id: 'PS-4',
    title: 'fusion and post-laminectomy pain but no suspected complication: not the surgical-bed criterion',
    chart: {
      conditions: [
        arthrodesisStatus,
        condition('c2', icd('M96.1', 'Postlaminectomy syndrome, not elsewhere classified')),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'PS-5',
    title: 'a suspected implant infection at the lumbar spine with no prior spinal procedure documented',
    chart: {
      conditions: [
        lowBackPain,
        condition(
          'c3',
          icd(
            'T84.7XXA',
            'Infection and inflammatory reaction due to other internal orthopedic prosthetic devices',
          ),
          { verification: 'provisional', bodySite: SITE.lumbar },
        ),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
];
