/**
 * Whole vocabularies (issue 11, item 4): a bullet names a condition, not a code list, so the codes of every category
 * the bullet names count, and the WHO ICD-10 forms where they mean the same (docs/policy.md, "How the value sets are
 * derived", R-ICD-WHO, R-INF-MORE). Written from the bullets: MN-1 "Diagnosis of infection ... including
 * osteomyelitis, epidural abscess, spondylodiscitis and discitis"; MN-7 "Diagnosis of suspected stress or occult
 * fracture"; MN-9 "Assessment of the spine and sacroiliac joints for rheumatologic disorders".
 */
import type { Coding } from 'fhir/r4.js';
import { icd, SITE, sct } from '../fixtures/codes.js';
import { condition, spectOrder } from '../fixtures/fhir.js';
import { priorXray } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import { meetsCriteria, notMedicallyNecessary } from './expect.js';

const who = (code: string, display: string): Coding => ({
  system: 'http://hl7.org/fhir/sid/icd-10',
  code,
  display,
});

export const vocabularyScenarios: Scenario[] = [
  {
    id: 'VOC-1',
    title: 'WHO ICD-10 osteomyelitis of vertebra, lumbar (M46.26) counts as the ICD-10-CM code does',
    chart: { conditions: [condition('c1', who('M46.26', 'Osteomyelitis of vertebra, lumbar region'))] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'VOC-2',
    title:
      'staphylococcal septic arthritis of the vertebrae: an infection the bullet does not list but covers',
    chart: { conditions: [condition('c1', icd('M00.08', 'Staphylococcal arthritis, vertebrae'))] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'VOC-3',
    title: 'deep surgical-site infection after a lumbar laminectomy, located at the lumbar spine',
    chart: {
      conditions: [
        condition('c1', icd('T81.42XA', 'Infection following a procedure, deep incisional surgical site'), {
          bodySite: SITE.lumbar,
          verification: 'provisional',
        }),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'VOC-4',
    title: 'FY2027 code: other osteomyelitis, other site (M86.8X89), at the thoracic spine',
    chart: {
      conditions: [
        condition('c1', icd('M86.8X89', 'Other osteomyelitis, other site'), { bodySite: SITE.thoracic }),
      ],
    },
    drafts: [spectOrder('spect-1', { site: 'thoracic' })],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
  {
    id: 'VOC-5',
    title:
      'suspected stress fracture, other site (M84.38XA), at the lumbar spine, x-ray without a fracture line',
    chart: {
      conditions: [
        condition('c1', icd('M84.38XA', 'Stress fracture, other site, initial encounter for fracture'), {
          bodySite: SITE.lumbar,
          verification: 'provisional',
        }),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar', 10, 'No fracture line seen')],
    },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'stress-or-occult-fracture')],
  },
  {
    id: 'VOC-6',
    title: 'a stress fracture of a tibia is not a spine fracture, whatever the prior imaging',
    chart: {
      conditions: [
        condition('c1', icd('M84.361A', 'Stress fracture, right tibia, initial encounter for fracture'), {
          verification: 'provisional',
        }),
      ],
      imagingStudies: [priorXray('xr1', 'lumbar', 10)],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'VOC-7',
    title: 'psoriatic arthropathy of the finger joints (L40.51) is not a rheumatologic disorder of the spine',
    chart: {
      conditions: [
        condition('c1', icd('L40.51', 'Distal interphalangeal psoriatic arthropathy')),
        condition('c2', icd('Z95.0', 'Presence of cardiac pacemaker')),
      ],
    },
    drafts: [spectOrder('spect-1')],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'VOC-8',
    title: 'SNOMED osteomyelitis of vertebra (the parent concept) counts',
    chart: { conditions: [condition('c1', sct('203241002', 'Osteomyelitis of vertebra'))] },
    drafts: [spectOrder('spect-1')],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
];
