/** MN-7: "Diagnosis of suspected stress or occult fracture, not visible or indeterminate on prior imaging". */
import { icd, SITE, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorCt, priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, needsPriorImaging } from './expect.js';

const fatigueFractureLumbar = icd(
  'M48.46XA',
  'Fatigue fracture of vertebra, lumbar region, initial encounter',
);

export const fractureScenarios: Scenario[] = [
  {
    id: 'SF-1',
    title: 'suspected fatigue fracture of a lumbar vertebra, x-ray shows no fracture',
    chart: {
      conditions: [condition('c1', fatigueFractureLumbar, { verification: 'provisional' })],
      imagingStudies: [priorXray('xr1', 'lumbar', 7, 'No fracture seen')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'stress-or-occult-fracture')],
  },
  {
    id: 'SF-2',
    title: 'collapsed lumbar vertebra, age indeterminate on x-ray',
    chart: {
      conditions: [
        condition('c1', icd('M48.56XA', 'Collapsed vertebra, NEC, lumbar region, initial encounter'), {
          verification: 'provisional',
        }),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar', 5, 'Possible compression deformity, age indeterminate')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'stress-or-occult-fracture')],
  },
  {
    id: 'SF-3',
    title: 'osteoporotic thoracic vertebral fracture (SNOMED), indeterminate on CT',
    chart: {
      conditions: [
        condition('c1', sct('203451004', 'Osteoporotic fracture of thoracic vertebra'), {
          verification: 'differential',
        }),
      ],
      imagingStudies: [priorCt('ct1', 'thoracic', 9, 'Indeterminate')],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic' })],
    expect: [meetsCriteria('spect-1', 'stress-or-occult-fracture')],
  },
  {
    id: 'SF-4',
    // Changed reading (issue 11, A-FX-1): a compression fracture stated as a fact is a visible fracture; MN-7 is
    // for a suspected one, not visible or indeterminate on prior imaging. The order reason says it is suspected.
    title: 'suspected compression fracture given as the order reason, with a prior lumbar x-ray',
    chart: { imagingStudies: [priorXray('xr1', 'lumbar', 3)] },
    drafts: [
      spectOrder('spect-1', {
        reasonCode: [sct('42942008', 'Compression fracture of vertebral column')],
        note: 'Suspected acute compression fracture, indeterminate on x-ray',
      }),
    ],
    expect: [meetsCriteria('spect-1', 'stress-or-occult-fracture')],
  },
  {
    id: 'SF-5',
    title: 'suspected fatigue fracture with no prior imaging: prior imaging missing',
    chart: { conditions: [condition('c1', fatigueFractureLumbar, { verification: 'provisional' })] },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
  {
    id: 'SF-6',
    title: 'suspected stress fracture (SNOMED, lumbar) whose only x-ray was entered in error',
    chart: {
      conditions: [
        condition('c1', sct('240197007', 'Stress fracture'), {
          bodySite: SITE.lumbar,
          verification: 'provisional',
        }),
      ],
      imagingStudies: [{ ...priorXray('xr1', 'lumbar'), status: 'entered-in-error' }],
    },
    drafts: [spectOrder('spect-1')],
    expect: [needsPriorImaging('spect-1', ['missing-prior-imaging'])],
  },
];
