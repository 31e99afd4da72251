/**
 * Builders for CDS Hooks request bodies: a spine SPECT/CT draft order, the draftOrders bundle, prefetch for a
 * patient with vertebral osteomyelitis, and complete order-sign / order-select bodies. Every builder takes
 * overrides so a test states only what it is about.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, Condition, FhirResource, Patient, ServiceRequest } from 'fhir/r4.js';
import { PREFETCH_TEMPLATES } from '../../src/data/prefetch-templates.js';
import { testPayor } from './payer.js';

export const ORDER_SELECT_SERVICE = 'spect-spine-order-select';
export const ORDER_SIGN_SERVICE = 'spect-spine-order-sign';
export const TEST_FHIR_SERVER = 'https://fhir.test.example/r4';
export const TEST_PATIENT_ID = 'pat-1';
export const TEST_ACCESS_TOKEN = 'fhir-access-token-that-must-never-be-logged';

const CPT = 'http://www.ama-assn.org/go/cpt';
const SNOMED = 'http://snomed.info/sct';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** A draft SPECT/CT order (CPT 78830) of the lumbar spine. */
export function spectServiceRequest(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: 'spect-1',
    status: 'draft',
    intent: 'order',
    code: {
      coding: [{ system: CPT, code: '78830', display: 'SPECT with concurrently acquired CT, single area' }],
      text: 'SPECT/CT lumbar spine',
    },
    bodySite: [{ coding: [{ system: SNOMED, code: '122496007', display: 'Lumbar spine structure' }] }],
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    requester: { reference: 'Practitioner/prac-1' },
    authoredOn: '2026-09-01',
    ...overrides,
  };
}

/** A draft order that this policy does not cover (a knee X-ray). */
export function kneeXrayServiceRequest(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: 'xr-knee-1',
    status: 'draft',
    intent: 'order',
    code: { coding: [{ system: CPT, code: '73560', display: 'X-ray knee, 1 or 2 views' }] },
    bodySite: [{ coding: [{ system: SNOMED, code: '72696002', display: 'Knee region structure' }] }],
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    authoredOn: '2026-09-01',
    ...overrides,
  };
}

export function draftOrdersBundle(resources: FhirResource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

export function vertebralOsteomyelitis(overrides: Partial<Condition> = {}): Condition {
  return {
    resourceType: 'Condition',
    id: 'cond-osteo-1',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    code: {
      coding: [
        { system: ICD10CM, code: 'M46.26', display: 'Osteomyelitis of vertebra, lumbar region' },
        { system: SNOMED, code: '203159006', display: 'Acute osteomyelitis of lumbar spine' },
      ],
    },
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    recordedDate: '2026-08-28',
    ...overrides,
  };
}

export function searchset(resources: FhirResource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

export function testPatient(): Patient {
  return { resourceType: 'Patient', id: TEST_PATIENT_ID, birthDate: '1961-04-12', gender: 'female' };
}

/**
 * Prefetch for a patient with lumbar vertebral osteomyelitis and nothing else on the chart, filled for every
 * prefetch key the service advertises (or only for `keys`, to leave some out).
 */
export function osteomyelitisPrefetch(
  keys: string[] = Object.keys(PREFETCH_TEMPLATES),
): Record<string, unknown> {
  const byTopic = (k: string): unknown => {
    if (k === 'patient') return testPatient();
    if (k === 'conditions') return searchset([vertebralOsteomyelitis()]);
    if (k === 'coverage') {
      return searchset([
        {
          resourceType: 'Coverage',
          id: 'cov-1',
          status: 'active',
          beneficiary: { reference: `Patient/${TEST_PATIENT_ID}` },
          payor: [testPayor()],
        },
      ]);
    }
    return searchset([]);
  };
  return Object.fromEntries(keys.map((key) => [key, byTopic(key)]));
}

export interface HookBodyOptions {
  draftOrders?: FhirResource[];
  prefetch?: Record<string, unknown>;
  fhirServer?: string | null;
  accessToken?: string;
  context?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

function baseBody(hook: string, options: HookBodyOptions, context: Record<string, unknown>) {
  const fhirServer = options.fhirServer === undefined ? TEST_FHIR_SERVER : options.fhirServer;
  return {
    hook,
    hookInstance: randomUUID(),
    ...(fhirServer === null
      ? {}
      : {
          fhirServer,
          fhirAuthorization: {
            access_token: options.accessToken ?? TEST_ACCESS_TOKEN,
            token_type: 'Bearer',
            expires_in: 30,
            scope: 'patient/Patient.read patient/Condition.read patient/ImagingStudy.read',
            subject: 'bcvt-cds-service',
            patient: TEST_PATIENT_ID,
          },
        }),
    context: { ...context, ...options.context },
    ...(options.prefetch ? { prefetch: options.prefetch } : {}),
    ...options.extra,
  };
}

export function orderSignBody(options: HookBodyOptions = {}) {
  const draftOrders = options.draftOrders ?? [spectServiceRequest()];
  return baseBody('order-sign', options, {
    userId: 'Practitioner/prac-1',
    patientId: TEST_PATIENT_ID,
    encounterId: 'enc-1',
    draftOrders: draftOrdersBundle(draftOrders),
  });
}

export function orderSelectBody(options: HookBodyOptions & { selections?: string[] } = {}) {
  const draftOrders = options.draftOrders ?? [spectServiceRequest()];
  return baseBody('order-select', options, {
    userId: 'Practitioner/prac-1',
    patientId: TEST_PATIENT_ID,
    selections: options.selections ?? draftOrders.map((r) => `${r.resourceType}/${r.id}`),
    draftOrders: draftOrdersBundle(draftOrders),
  });
}
