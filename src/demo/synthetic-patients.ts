/**
 * The demo EHR's charts: one synthetic patient per kind of case policy 6.01.VT204 distinguishes, so a newcomer can
 * see every card the service gives by clicking through the list. The charts are fictional; the codes are the ones
 * the policy's value sets hold (policy/6.01.VT204/value-sets.json). Dates are relative to `now`, so "prior imaging"
 * and "ordered within 7 days" stay true whenever the demo starts.
 */
import type {
  CodeableConcept,
  Coding,
  Condition,
  Coverage,
  ImagingStudy,
  Patient,
  Resource,
  ServiceRequest,
} from 'fhir/r4.js';
import type { SpineSite } from './order-catalogue.js';
import { IMAGING_CODES, SITES } from './order-catalogue.js';

const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const SNOMED = 'http://snomed.info/sct';
const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';

const icd = (code: string, display: string): Coding => ({ system: ICD10, code, display });
const sct = (code: string, display: string): Coding => ({ system: SNOMED, code, display });

/** What the page pre-fills in the draft SPECT order for this patient. */
export interface DraftDefaults {
  site: SpineSite | 'knee';
  /** SPECT CPT code. */
  cpt: string;
  reasonText?: string;
}

export interface DemoPatient {
  id: string;
  name: string;
  /** The kind of case, as the policy names it. */
  caseLabel: string;
  /** What the service should answer, in words, for the default draft. */
  expected: string;
  draft: DraftDefaults;
}

interface ChartEntry {
  conditions?: Array<{ code: Coding; site?: SpineSite; text?: string }>;
  studies?: Array<{ modality: 'DX' | 'CT' | 'MR'; site: SpineSite; daysAgo: number; description?: string }>;
  /** Imaging orders already placed in the EHR (not drafts). */
  orders?: Array<{ kind: 'mri' | 'ct'; site: SpineSite; daysAgo: number; status: ServiceRequest['status'] }>;
}

interface PatientSpec extends DemoPatient {
  family: string;
  given: string;
  gender: Patient['gender'];
  birthDate: string;
  chart: ChartEntry;
}

const SPECT_CT = '78830';

const SPECS: PatientSpec[] = [
  {
    id: 'demo-infection',
    family: 'Lambert',
    given: 'Rosa',
    gender: 'female',
    birthDate: '1959-03-14',
    name: 'Rosa Lambert',
    caseLabel: 'Meets criteria: spinal infection (osteomyelitis)',
    expected: 'info card: criteria met, prior approval required',
    draft: { site: 'lumbar', cpt: SPECT_CT },
    chart: {
      conditions: [{ code: icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'), site: 'lumbar' }],
    },
  },
  {
    id: 'demo-necrosis',
    family: 'Okafor',
    given: 'Daniel',
    gender: 'male',
    birthDate: '1962-11-02',
    name: 'Daniel Okafor',
    caseLabel: 'Meets criteria: avascular necrosis, MRI cannot be performed (defibrillator)',
    expected: 'info card: criteria met, prior approval required',
    draft: { site: 'thoracic', cpt: SPECT_CT },
    chart: {
      conditions: [
        { code: icd('M87.38', 'Other secondary osteonecrosis, other site'), site: 'thoracic' },
        { code: icd('Z95.810', 'Presence of automatic (implantable) cardiac defibrillator') },
      ],
      studies: [{ modality: 'DX', site: 'thoracic', daysAgo: 20, description: 'Nondiagnostic' }],
    },
  },
  {
    id: 'demo-spondylolysis',
    family: 'Nguyen',
    given: 'Kim',
    gender: 'female',
    birthDate: '2008-06-21',
    name: 'Kim Nguyen',
    caseLabel: 'Meets criteria: spondylolysis, x-ray insufficient',
    expected: 'info card: criteria met, prior approval required',
    draft: { site: 'lumbar', cpt: SPECT_CT },
    chart: {
      conditions: [{ code: icd('M43.06', 'Spondylolysis, lumbar region') }],
      studies: [
        {
          modality: 'DX',
          site: 'lumbar',
          daysAgo: 10,
          description: 'Pars not well seen; insufficient to direct management',
        },
      ],
    },
  },
  {
    id: 'demo-missing-mri',
    family: 'Berger',
    given: 'Paul',
    gender: 'male',
    birthDate: '1955-08-30',
    name: 'Paul Berger',
    caseLabel: 'Needs documentation: no prior MRI (avascular necrosis)',
    expected: 'warning card: consider MRI first, with a "replace with MRI" suggestion',
    draft: { site: 'lumbar', cpt: SPECT_CT },
    chart: {
      conditions: [{ code: sct('397758007', 'Avascular necrosis of bone'), site: 'lumbar' }],
      studies: [{ modality: 'DX', site: 'lumbar', daysAgo: 45 }],
    },
  },
  {
    id: 'demo-missing-imaging',
    family: 'Haddad',
    given: 'Leila',
    gender: 'female',
    birthDate: '1971-01-09',
    name: 'Leila Haddad',
    caseLabel: 'Needs documentation: no prior imaging (spondylolisthesis)',
    expected: 'warning card: document the prior imaging',
    draft: { site: 'lumbar', cpt: SPECT_CT },
    chart: { conditions: [{ code: icd('M43.16', 'Spondylolisthesis, lumbar region') }] },
  },
  {
    id: 'demo-simultaneous',
    family: 'Kowalski',
    given: 'Marta',
    gender: 'female',
    birthDate: '1966-05-17',
    name: 'Marta Kowalski',
    caseLabel: 'Simultaneous imaging: an MRI of the lumbar spine ordered 2 days ago',
    expected: 'warning card: ordered with other advanced imaging, with a "remove the other order" suggestion',
    draft: { site: 'lumbar', cpt: SPECT_CT },
    chart: {
      conditions: [{ code: icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'), site: 'lumbar' }],
      orders: [{ kind: 'mri', site: 'lumbar', daysAgo: 2, status: 'active' }],
    },
  },
  {
    id: 'demo-investigational',
    family: 'Fischer',
    given: 'Thomas',
    gender: 'male',
    birthDate: '1964-12-03',
    name: 'Thomas Fischer',
    caseLabel: 'Investigational: surgical planning for disc degeneration',
    expected: 'warning card: investigational, not covered',
    draft: { site: 'lumbar', cpt: SPECT_CT, reasonText: 'Surgical planning - level selection for fusion' },
    chart: {
      conditions: [
        {
          code: icd(
            'M51.362',
            'Other intervertebral disc degeneration, lumbar region with discogenic back pain',
          ),
        },
        { code: icd('M54.50', 'Low back pain, unspecified') },
      ],
      studies: [{ modality: 'MR', site: 'lumbar', daysAgo: 60 }],
    },
  },
  {
    id: 'demo-not-necessary',
    family: 'Moreau',
    given: 'Claire',
    gender: 'female',
    birthDate: '1978-09-25',
    name: 'Claire Moreau',
    caseLabel: 'Not medically necessary: low back pain only',
    expected: 'warning card: no qualifying indication',
    draft: { site: 'lumbar', cpt: SPECT_CT },
    chart: {
      conditions: [{ code: icd('M54.50', 'Low back pain, unspecified') }],
      studies: [{ modality: 'DX', site: 'lumbar', daysAgo: 30, description: 'Normal lumbar spine' }],
    },
  },
  {
    id: 'demo-knee',
    family: 'Silva',
    given: 'Jorge',
    gender: 'male',
    birthDate: '1970-02-11',
    name: 'Jorge Silva',
    caseLabel: 'Out of scope: SPECT of the knee (not the spine)',
    expected: 'no cards: the policy does not apply',
    draft: { site: 'knee', cpt: SPECT_CT },
    chart: { conditions: [{ code: icd('M25.561', 'Pain in right knee') }] },
  },
];

const concept = (coding: Coding, text?: string): CodeableConcept => ({
  coding: [coding],
  ...(text ? { text } : {}),
});

function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

function chartResources(spec: PatientSpec, now: Date): Resource[] {
  const subject = { reference: `Patient/${spec.id}` };
  const resources: Resource[] = [];
  spec.chart.conditions?.forEach((entry, i) => {
    const condition: Condition = {
      resourceType: 'Condition',
      id: `${spec.id}-condition-${i + 1}`,
      clinicalStatus: concept({
        system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
        code: 'active',
      }),
      verificationStatus: concept({
        system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
        code: 'confirmed',
      }),
      category: [
        concept({
          system: 'http://terminology.hl7.org/CodeSystem/condition-category',
          code: 'problem-list-item',
        }),
      ],
      code: concept(entry.code, entry.text),
      ...(entry.site ? { bodySite: [concept(SITES[entry.site])] } : {}),
      subject,
      recordedDate: daysAgo(now, 30).slice(0, 10),
    };
    resources.push(condition);
  });
  spec.chart.studies?.forEach((entry, i) => {
    const modality = { system: DICOM, code: entry.modality };
    const study: ImagingStudy = {
      resourceType: 'ImagingStudy',
      id: `${spec.id}-study-${i + 1}`,
      status: 'available',
      subject,
      started: daysAgo(now, entry.daysAgo),
      modality: [modality],
      procedureCode: [concept(IMAGING_CODES[entry.modality][entry.site])],
      ...(entry.description ? { description: entry.description } : {}),
      series: [
        { uid: `2.25.${i + 1}${spec.birthDate.replace(/\D/g, '')}`, modality, bodySite: SITES[entry.site] },
      ],
    };
    resources.push(study);
  });
  spec.chart.orders?.forEach((entry, i) => {
    const order: ServiceRequest = {
      resourceType: 'ServiceRequest',
      id: `${spec.id}-order-${i + 1}`,
      status: entry.status,
      intent: 'order',
      code: concept(IMAGING_CODES[entry.kind === 'mri' ? 'MR' : 'CT'][entry.site]),
      bodySite: [concept(SITES[entry.site])],
      subject,
      authoredOn: daysAgo(now, entry.daysAgo),
    };
    resources.push(order);
  });
  return resources;
}

function patientResource(spec: PatientSpec): Patient {
  return {
    resourceType: 'Patient',
    id: spec.id,
    name: [{ family: spec.family, given: [spec.given], text: spec.name }],
    gender: spec.gender,
    birthDate: spec.birthDate,
  };
}

/**
 * The demo payer's identity, as the demo configuration registers it (config `payer.identifiers`): an NAIC
 * company code (the US Core Organization NAIC identifier system). The value is the demo's own, not Blue Cross
 * VT's real code: a deployment configures its real identifiers.
 */
export const DEMO_PAYER_IDENTIFIER = { system: 'urn:oid:2.16.840.1.113883.6.300', value: '99901' } as const;

function coverageResource(spec: PatientSpec): Coverage {
  return {
    resourceType: 'Coverage',
    id: `${spec.id}-coverage`,
    status: 'active',
    beneficiary: { reference: `Patient/${spec.id}` },
    // The payer named by its identifier (CRD hook-13: the service answers only for payors it can identify).
    payor: [{ identifier: { ...DEMO_PAYER_IDENTIFIER }, display: 'Blue Cross VT' }],
    subscriberId: `VTD${spec.birthDate.replace(/\D/g, '')}`,
  };
}

/** The patients the demo page lists, in the order it lists them. */
export const DEMO_PATIENTS: readonly DemoPatient[] = SPECS.map(
  ({ id, name, caseLabel, expected, draft }) => ({
    id,
    name,
    caseLabel,
    expected,
    draft,
  }),
);

/** Every resource of every demo chart (Patient, Coverage, Conditions, ImagingStudies, ServiceRequests). */
export function demoChartResources(now: Date = new Date()): Resource[] {
  return SPECS.flatMap((spec) => [
    patientResource(spec),
    coverageResource(spec),
    ...chartResources(spec, now),
  ]);
}
