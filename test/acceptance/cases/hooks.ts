/**
 * Which orders are evaluated, per hook: only spine SPECT (Attachment I codes with a spine or SI body site); every
 * draft on order-sign, only the selected drafts on order-select (the other drafts are context); one determination
 * per evaluated order; a patient without Coverage still gets the cards.
 */
import { IMAGING, icd, SITE, SPECT } from '../fixtures/codes.js';
import { condition, coverage, serviceRequest, spectOrder } from '../fixtures/fhir.js';
import { imagingOrder } from '../fixtures/studies.js';
import type { Scenario } from '../scenario.js';
import {
  investigational,
  meetsCriteria,
  needsPriorImaging,
  notMedicallyNecessary,
  simultaneousImaging,
} from './expect.js';

const osteomyelitis = condition('c1', icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'));
/** Since the region model a lumbar diagnosis does not support a SPECT of another region: the multifocal cases. */
const thoracicOsteomyelitis = condition('c2', icd('M46.24', 'Osteomyelitis of vertebra, thoracic region'));
const cervicalOsteomyelitis = condition('c3', icd('M46.22', 'Osteomyelitis of vertebra, cervical region'));

export const scopeScenarios: Scenario[] = [
  {
    id: 'SCOPE-1',
    title: 'a SPECT/CT of the knee is outside this spine policy: no cards',
    chart: { conditions: [condition('c1', icd('M17.11', 'Unilateral primary osteoarthritis, right knee'))] },
    drafts: [serviceRequest('spect-knee', { code: SPECT.spectCt, bodySite: SITE.knee })],
    expect: 'none',
  },
  {
    id: 'SCOPE-2',
    title: 'an MRI of the lumbar spine alone is not a SPECT: no cards',
    chart: { conditions: [osteomyelitis] },
    drafts: [imagingOrder('mri-1', IMAGING.mriLumbar, 'lumbar')],
    expect: 'none',
  },
  {
    id: 'SCOPE-3',
    title: 'a planar whole-body bone scan is not a SPECT: no cards',
    chart: { conditions: [condition('c1', icd('C61', 'Malignant neoplasm of prostate'))] },
    drafts: [imagingOrder('bone-1', IMAGING.boneScanWholeBody, 'lumbar')],
    expect: 'none',
  },
  {
    id: 'SCOPE-4',
    title: 'a knee SPECT beside a lumbar SPECT: only the spine order is evaluated',
    chart: { conditions: [osteomyelitis] },
    drafts: [
      serviceRequest('spect-knee', { code: SPECT.spectCt, bodySite: SITE.knee }),
      spectOrder('spect-1'),
    ],
    expect: [meetsCriteria('spect-1', 'infection')],
  },
];

export const multipleOrderScenarios: Scenario[] = [
  {
    id: 'MULTI-1',
    title:
      'two SPECT orders in one call give two determinations (lumbar and thoracic, both for osteomyelitis)',
    chart: { conditions: [osteomyelitis, thoracicOsteomyelitis] },
    drafts: [spectOrder('spect-1'), spectOrder('spect-2', { site: 'thoracic', code: SPECT.singleArea })],
    expect: [meetsCriteria('spect-1', 'infection'), meetsCriteria('spect-2', 'infection')],
  },
  {
    id: 'MULTI-2',
    title: 'two SPECT orders, only one carrying a qualifying reason: each judged on its own',
    chart: {},
    drafts: [
      spectOrder('spect-1', { reasonCode: [icd('M46.26', 'Osteomyelitis of vertebra, lumbar region')] }),
      spectOrder('spect-2', { site: 'cervical' }),
    ],
    expect: [meetsCriteria('spect-1', 'infection'), notMedicallyNecessary('spect-2')],
  },
  {
    id: 'MULTI-3',
    title:
      'sacroiliitis without MRI, lumbar and SI-joint SPECT: each is told to get an MRI of its own region',
    chart: { conditions: [condition('c1', icd('M46.1', 'Sacroiliitis, not elsewhere classified'))] },
    drafts: [spectOrder('spect-1'), spectOrder('spect-2', { site: 'sacroiliac', code: SPECT.singleArea })],
    expect: [
      needsPriorImaging('spect-1', ['missing-prior-mri']),
      needsPriorImaging('spect-2', ['missing-prior-mri']),
    ],
  },
];

export const orderSelectScenarios: Scenario[] = [
  {
    id: 'SEL-1',
    title: 'order-select evaluates only the selected SPECT, not the other SPECT draft',
    hook: 'order-select',
    chart: { conditions: [osteomyelitis, cervicalOsteomyelitis] },
    drafts: [spectOrder('spect-1'), spectOrder('spect-2', { site: 'cervical' })],
    selections: ['ServiceRequest/spect-2'],
    expect: [meetsCriteria('spect-2', 'infection')],
  },
  {
    id: 'SEL-2',
    title: 'order-select: an MRI drafted beside the selected SPECT (context) makes it simultaneous',
    hook: 'order-select',
    chart: { conditions: [osteomyelitis] },
    drafts: [spectOrder('spect-1'), imagingOrder('mri-1', IMAGING.mriLumbar, 'lumbar')],
    selections: ['ServiceRequest/spect-1'],
    expect: [simultaneousImaging('spect-1', 'mri-1', 'infection')],
  },
  {
    id: 'SEL-3',
    title: 'order-select with only the MRI selected: no SPECT in scope, no cards',
    hook: 'order-select',
    chart: { conditions: [osteomyelitis] },
    drafts: [spectOrder('spect-1'), imagingOrder('mri-1', IMAGING.mriLumbar, 'lumbar')],
    selections: ['ServiceRequest/mri-1'],
    expect: 'none',
  },
  {
    id: 'SEL-4',
    title: 'order-select, missing prior MRI: coverage information without doc-needed',
    hook: 'order-select',
    chart: {
      conditions: [condition('c1', icd('M45.6', 'Ankylosing spondylitis of lumbar region'))],
    },
    drafts: [spectOrder('spect-1')],
    selections: ['ServiceRequest/spect-1'],
    expect: [needsPriorImaging('spect-1', ['missing-prior-mri'])],
  },
  {
    id: 'SEL-5',
    title: 'order-select, not medically necessary',
    hook: 'order-select',
    chart: { conditions: [condition('c1', icd('M54.50', 'Low back pain, unspecified'))] },
    drafts: [spectOrder('spect-1')],
    selections: ['ServiceRequest/spect-1'],
    expect: [notMedicallyNecessary('spect-1')],
  },
  {
    id: 'SEL-6',
    title: 'order-select, investigational: not covered, no prior-approval flag, no doc-needed',
    hook: 'order-select',
    chart: {
      conditions: [
        condition('c1', icd('M47.816', 'Spondylosis without myelopathy or radiculopathy, lumbar region')),
      ],
    },
    drafts: [spectOrder('spect-1', { reasonText: 'Surgical planning for lumbar fusion' })],
    selections: ['ServiceRequest/spect-1'],
    expect: [investigational('spect-1')],
  },
];

/**
 * CRD hook-13: the primary Coverage must name, by payer identifier, a payer this server handles; no Coverage, a
 * Coverage without a payer identifier, or another payer's Coverage is answered 400 with an OperationOutcome.
 */
export const noCoverageScenarios: Scenario[] = [
  {
    id: 'COV-1',
    title: 'no Coverage on file: 400, the service answers only for its own members',
    chart: { conditions: [osteomyelitis], coverage: null },
    drafts: [spectOrder('spect-1')],
    expect: [],
    refused: { status: 400, issueCode: 'not-found' },
  },
  {
    id: 'COV-2',
    title: "another payer's member (payor identified as another plan): 400",
    chart: {
      conditions: [osteomyelitis],
      coverage: {
        ...coverage('cov-acme'),
        payor: [
          {
            identifier: { system: 'urn:oid:2.16.840.1.113883.6.300', value: '12345' },
            display: 'Acme Health Plan',
          },
        ],
      },
    },
    drafts: [spectOrder('spect-1')],
    expect: [],
    refused: { status: 400, issueCode: 'business-rule' },
  },
  {
    id: 'COV-3',
    title: 'a Coverage whose payor is a name only, even our own name: 400',
    chart: {
      conditions: [osteomyelitis],
      coverage: { ...coverage('cov-named'), payor: [{ display: 'Blue Cross VT' }] },
    },
    drafts: [spectOrder('spect-1')],
    expect: [],
    refused: { status: 400, issueCode: 'business-rule' },
  },
];
