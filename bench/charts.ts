/**
 * Synthetic charts for the benchmark, built from the policy's own codes so the service does real work: an
 * osteomyelitis or back-pain history, prior spine imaging, imaging orders. Sizes follow the scenarios.
 * Every resource is plain FHIR R4 JSON; a chart is written for one patient id.
 */
import type {
  Bundle,
  Condition,
  Coverage,
  ImagingStudy,
  Patient,
  Procedure,
  Resource,
  ServiceRequest,
} from 'fhir/r4.js';

/** The payer the bench service is configured as (config `payer.identifiers`) and every bench Coverage names. */
export const BENCH_PAYER_IDENTIFIER = { system: 'urn:oid:2.16.840.1.113883.6.300', value: '99903' } as const;

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const SCT = 'http://snomed.info/sct';
const CPT = 'http://www.ama-assn.org/go/cpt';
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const LUMBAR = { system: SCT, code: '122496007', display: 'Lumbar spine structure' };
const KNEE = { system: SCT, code: '72696002', display: 'Knee region structure' };

/** A mix of chart problems: mostly unrelated, a few the policy reads (one qualifying indication). */
const PROBLEMS: Array<[string, string]> = [
  ['I10', 'Essential (primary) hypertension'],
  ['E11.9', 'Type 2 diabetes mellitus without complications'],
  ['M54.50', 'Low back pain, unspecified'],
  ['J45.909', 'Unspecified asthma, uncomplicated'],
  ['E78.5', 'Hyperlipidemia, unspecified'],
  ['M51.36', 'Other intervertebral disc degeneration, lumbar region'],
  ['K21.9', 'Gastro-esophageal reflux disease without esophagitis'],
  ['F41.1', 'Generalized anxiety disorder'],
];

const day = 86_400_000;
const ago = (days: number, now: number) => new Date(now - days * day).toISOString();

export interface ChartSize {
  conditions: number;
  imagingStudies: number;
  serviceRequests: number;
  procedures: number;
}

export const TYPICAL: ChartSize = { conditions: 40, imagingStudies: 15, serviceRequests: 10, procedures: 5 };
export const HUGE: ChartSize = {
  conditions: 5000,
  imagingStudies: 1000,
  serviceRequests: 500,
  procedures: 50,
};

export interface Chart {
  patient: Patient;
  coverage: Coverage;
  conditions: Condition[];
  procedures: Procedure[];
  imagingStudies: ImagingStudy[];
  serviceRequests: ServiceRequest[];
}

export function chartFor(pid: string, size: ChartSize, now = Date.now()): Chart {
  const subject = { reference: `Patient/${pid}` };
  const conditions: Condition[] = [];
  for (let i = 0; i < size.conditions; i++) {
    // The first one is the indication: vertebral osteomyelitis, lumbar.
    const [code, display] =
      i === 0 ? ['M46.26', 'Osteomyelitis of vertebra, lumbar region'] : PROBLEMS[i % PROBLEMS.length]!;
    conditions.push({
      resourceType: 'Condition',
      id: `${pid}-c${i}`,
      clinicalStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
            code: i % 7 === 6 ? 'resolved' : 'active',
          },
        ],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
          ],
        },
      ],
      code: { coding: [{ system: ICD, code, display }], text: display },
      ...(i === 0 ? { bodySite: [{ coding: [LUMBAR] }] } : {}),
      subject,
      recordedDate: ago(30 + i, now).slice(0, 10),
    });
  }
  const imagingStudies: ImagingStudy[] = [];
  for (let i = 0; i < size.imagingStudies; i++) {
    const mri = i % 3 === 0;
    const modality = { system: DCM, code: mri ? 'MR' : 'CR' };
    imagingStudies.push({
      resourceType: 'ImagingStudy',
      id: `${pid}-is${i}`,
      status: 'available',
      subject,
      started: ago(20 + i * 3, now),
      modality: [modality],
      procedureCode: [
        {
          coding: [
            mri
              ? { system: CPT, code: '72148', display: 'MRI lumbar spine without contrast' }
              : { system: CPT, code: '73560', display: 'Radiologic examination, knee' },
          ],
        },
      ],
      series: [{ uid: `2.25.${i + 1}${pid.length}`, modality, bodySite: mri ? LUMBAR : KNEE }],
    });
  }
  const serviceRequests: ServiceRequest[] = [];
  for (let i = 0; i < size.serviceRequests; i++) {
    serviceRequests.push({
      resourceType: 'ServiceRequest',
      id: `${pid}-sr${i}`,
      status: 'completed',
      intent: 'order',
      code: { coding: [{ system: CPT, code: '80053', display: 'Comprehensive metabolic panel' }] },
      subject,
      authoredOn: ago(40 + i, now),
    });
  }
  const procedures: Procedure[] = [];
  for (let i = 0; i < size.procedures; i++) {
    procedures.push({
      resourceType: 'Procedure',
      id: `${pid}-pr${i}`,
      status: 'completed',
      code: { coding: [{ system: SCT, code: '80146002', display: 'Appendectomy' }] },
      subject,
      performedDateTime: ago(400 + i, now),
    });
  }
  return {
    patient: {
      resourceType: 'Patient',
      id: pid,
      gender: 'female',
      birthDate: '1961-03-09',
      name: [{ family: 'Bench', given: ['Load'] }],
    },
    coverage: {
      resourceType: 'Coverage',
      id: `${pid}-cov`,
      status: 'active',
      beneficiary: subject,
      payor: [{ identifier: { ...BENCH_PAYER_IDENTIFIER }, display: 'Blue Cross VT' }],
    },
    conditions,
    procedures,
    imagingStudies,
    serviceRequests,
  };
}

/** Every resource of the chart, for seeding a FHIR server. */
export function chartResources(chart: Chart): Resource[] {
  return [
    chart.patient,
    chart.coverage,
    ...chart.conditions,
    ...chart.procedures,
    ...chart.imagingStudies,
    ...chart.serviceRequests,
  ];
}

function searchset(resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `https://ehr.bench.example/fhir/${resource.resourceType}/${resource.id}`,
      resource,
    })),
  };
}

/** The prefetch an EHR fills from the service's templates. */
export function prefetchOf(chart: Chart): Record<string, unknown> {
  return {
    patient: chart.patient,
    coverage: searchset([chart.coverage]),
    conditions: searchset(chart.conditions),
    procedures: searchset(chart.procedures),
    imagingStudies: searchset(chart.imagingStudies),
    serviceRequests: searchset(chart.serviceRequests),
  };
}

function draft(pid: string, id: string, code: string, display: string, site: typeof LUMBAR): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    code: { coding: [{ system: CPT, code, display }] },
    bodySite: [{ coding: [site] }],
    subject: { reference: `Patient/${pid}` },
    requester: { reference: 'Practitioner/dr-bench' },
    authoredOn: new Date().toISOString(),
  };
}

/** The orders drafted in the hook call: a lumbar SPECT/CT and a lumbar MRI, or (fast path) a knee SPECT and MRI. */
export function draftOrdersOf(pid: string, spine: boolean): Bundle {
  const spect = spine
    ? draft(pid, `${pid}-spect`, '78830', 'SPECT with concurrently acquired CT, single area', LUMBAR)
    : draft(pid, `${pid}-spect`, '78830', 'SPECT with concurrently acquired CT, single area', KNEE);
  // Free text as clinicians write it, so the policy engine's phrase matcher is part of what is measured.
  spect.reasonCode = [{ text: 'Low back pain with fever, r/o discitis L4-5; no history of spinal surgery' }];
  spect.note = [
    { text: 'MRI is needed as well to distinguish epidural abscess. Not for surgical planning.' },
  ];
  const mri = draft(
    pid,
    `${pid}-mri`,
    spine ? '72148' : '73721',
    spine ? 'MRI lumbar spine' : 'MRI knee',
    spine ? LUMBAR : KNEE,
  );
  return { resourceType: 'Bundle', type: 'collection', entry: [{ resource: spect }, { resource: mri }] };
}

export interface HookBodyOptions {
  hook: 'order-sign' | 'order-select';
  pid: string;
  chart?: Chart;
  spine?: boolean;
  /** No prefetch: the service reads the chart from this FHIR server with this token. */
  fhir?: { url: string; token: string };
}

export function hookBody(options: HookBodyOptions): string {
  const { hook, pid, spine = true } = options;
  const context: Record<string, unknown> = {
    userId: 'Practitioner/dr-bench',
    patientId: pid,
    encounterId: `enc-${pid}`,
    draftOrders: draftOrdersOf(pid, spine),
  };
  if (hook === 'order-select') context.selections = [`ServiceRequest/${pid}-spect`];
  const body: Record<string, unknown> = { hook, hookInstance: `bench-${pid}-${hook}`, context };
  if (options.chart) body.prefetch = prefetchOf(options.chart);
  if (options.fhir) {
    body.fhirServer = options.fhir.url;
    body.fhirAuthorization = {
      access_token: options.fhir.token,
      token_type: 'Bearer',
      expires_in: 600,
      scope: 'patient/*.read',
      subject: 'spect-spine-cds',
    };
  }
  return JSON.stringify(body);
}
