/** Small FHIR R4 builders for the data-layer tests (hand-written, minimal, patient "p1"). */
import type {
  Bundle,
  Condition,
  Coverage,
  FhirResource,
  ImagingStudy,
  OperationOutcome,
  Patient,
  Procedure,
  ServiceRequest,
} from 'fhir/r4.js';
import { testPayor } from '../support/payer.js';

export const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const SNOMED = 'http://snomed.info/sct';

export function patient(id = 'p1'): Patient {
  return { resourceType: 'Patient', id };
}

export function condition(id: string, code = 'M46.26', extra: Partial<Condition> = {}): Condition {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p1' },
    code: {
      coding: [{ system: ICD10, code, display: 'Osteomyelitis of vertebra, lumbar region' }],
      text: 'Vertebral osteomyelitis',
    },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    ...extra,
  };
}

export function procedure(id: string, extra: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: CPT, code: '22612', display: 'Lumbar arthrodesis' }] },
    performedDateTime: '2024-05-01',
    ...extra,
  };
}

export function imagingStudy(id: string, extra: Partial<ImagingStudy> = {}): ImagingStudy {
  return {
    resourceType: 'ImagingStudy',
    id,
    status: 'available',
    subject: { reference: 'Patient/p1' },
    started: '2025-01-10T09:00:00Z',
    series: [
      {
        uid: '1.2.3',
        modality: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'MR' },
        bodySite: { system: SNOMED, code: '122496007', display: 'Lumbar spine' },
      },
    ],
    ...extra,
  };
}

export function serviceRequest(id: string, extra: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    code: {
      coding: [{ system: CPT, code: '78803', display: 'SPECT single area' }],
      text: 'SPECT lumbar spine',
    },
    ...extra,
  };
}

export function coverage(id: string, status: Coverage['status'] = 'active'): Coverage {
  return {
    resourceType: 'Coverage',
    id,
    status,
    beneficiary: { reference: 'Patient/p1' },
    payor: [testPayor()],
  };
}

export function operationOutcome(severity: 'error' | 'information' = 'error'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code: 'processing' }] };
}

export function searchset(resources: FhirResource[], next?: string): Bundle {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
  if (next) bundle.link = [{ relation: 'next', url: next }];
  return bundle;
}
