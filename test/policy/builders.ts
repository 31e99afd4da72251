/**
 * Small builders of PatientFacts for policy tests. Defaults describe the research's default scenario: a draft
 * CPT 78830 SPECT/CT of the lumbar spine, no other orders, nothing in the chart.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicyDir, loadPolicy } from '../../src/app/load-policy.js';
import type {
  Code,
  ConditionFact,
  ImagingStudyFact,
  OrderFact,
  PatientFacts,
  ProcedureFact,
} from '../../src/data/facts.js';
import { type CompiledPolicy, compilePolicy, type Outcome } from '../../src/policy/index.js';

export const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
export const SCT = 'http://snomed.info/sct';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const LOINC = 'http://loinc.org';

/** The ten indication ids of the Determination contract, in the policy's order (docs/policy.md). */
export const CONTRACT_INDICATION_IDS = [
  'infection',
  'avascular-necrosis',
  'indeterminate-bone-lesion',
  'bone-tumor-symptoms',
  'osseous-tumor',
  'osteoid-osteoma',
  'stress-or-occult-fracture',
  'post-surgical',
  'spondyloarthropathy',
  'spondylolysis-spondylolisthesis',
] as const;

export const AS_OF = '2026-09-01T12:00:00Z';

let cached: CompiledPolicy | undefined;
/** The real policy files, compiled once per test file. */
export function policy(): CompiledPolicy {
  cached ??= loadPolicy();
  return cached;
}

/** The shipped policy files as JSON, to change a copy in a test (untyped: tests edit them as data). */
// biome-ignore lint/suspicious/noExplicitAny: JSON edited as data
type Json = any;
export function policyFiles(): { definition: Json; valueSets: Json; lexicons: Json } {
  const read = (name: string) => JSON.parse(readFileSync(join(defaultPolicyDir(), name), 'utf8'));
  return {
    definition: read('policy.json'),
    valueSets: read('value-sets.json'),
    lexicons: read('lexicons.json'),
  };
}

/** The shipped policy with its definition (or lexicons) changed as data: no TypeScript edit. */
export function policyWith(mutate: (definition: Json, lexicons: Json) => void): CompiledPolicy {
  const files = policyFiles();
  mutate(files.definition, files.lexicons);
  return compilePolicy(files.definition, files.valueSets, files.lexicons);
}

export const icd = (code: string, display?: string): Code => ({
  system: ICD,
  code,
  ...(display ? { display } : {}),
});
export const sct = (code: string, display?: string): Code => ({
  system: SCT,
  code,
  ...(display ? { display } : {}),
});
export const cpt = (code: string, display?: string): Code => ({
  system: CPT,
  code,
  ...(display ? { display } : {}),
});

export const SITE = {
  lumbar: sct('122496007', 'Lumbar spine structure'),
  thoracic: sct('122495006', 'Thoracic spine structure'),
  cervical: sct('122494005', 'Cervical spine structure'),
  sacrum: sct('54735007', 'Bone structure of sacrum'),
  sacroiliac: sct('39723000', 'Sacroiliac joint structure'),
  pelvis: sct('12921003', 'Pelvic structure'),
  knee: sct('72696002', 'Knee region structure'),
};

let seq = 0;
const nextId = (prefix: string) => `${prefix}${++seq}`;

export function order(overrides: Partial<OrderFact> = {}): OrderFact {
  const id = overrides.id ?? nextId('spect');
  return {
    reference: `ServiceRequest/${id}`,
    id,
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    codes: [cpt('78830', 'SPECT/CT single area')],
    bodySites: [SITE.lumbar],
    reasonCodes: [],
    reasonText: [],
    reasonReferences: [],
    notes: [],
    supportingReferences: [],
    supportingTexts: [],
    authoredOn: AS_OF,
    draft: true,
    source: 'draft',
    ...overrides,
  };
}

/** Another imaging order (MRI lumbar by default), a draft of the same call unless overridden. */
export function otherOrder(overrides: Partial<OrderFact> = {}): OrderFact {
  return order({ codes: [cpt('72148', 'MRI lumbar spine without contrast')], ...overrides });
}

export function condition(code: Code, overrides: Partial<ConditionFact> = {}): ConditionFact {
  return {
    reference: `Condition/${nextId('c')}`,
    codes: [code],
    clinicalStatus: 'active',
    verificationStatus: 'confirmed',
    bodySites: [],
    fromOrderReason: false,
    source: 'prefetch',
    ...overrides,
  };
}

export function study(overrides: Partial<ImagingStudyFact> = {}): ImagingStudyFact {
  return {
    reference: `ImagingStudy/${nextId('is')}`,
    codes: [],
    modalities: [],
    bodySites: [],
    texts: [],
    status: 'available',
    started: '2026-08-01T09:00:00Z',
    source: 'prefetch',
    ...overrides,
  };
}

export const xrayLumbar = (o: Partial<ImagingStudyFact> = {}) =>
  study({ codes: [cpt('72100', 'X-ray lumbosacral spine 2-3 views')], modalities: ['DX'], ...o });
export const ctLumbar = (o: Partial<ImagingStudyFact> = {}) =>
  study({ codes: [cpt('72131', 'CT lumbar spine without contrast')], modalities: ['CT'], ...o });
export const mriLumbar = (o: Partial<ImagingStudyFact> = {}) =>
  study({ codes: [cpt('72148', 'MRI lumbar spine without contrast')], modalities: ['MR'], ...o });

export function procedure(code: Code, overrides: Partial<ProcedureFact> = {}): ProcedureFact {
  return {
    reference: `Procedure/${nextId('p')}`,
    codes: [code],
    status: 'completed',
    bodySites: [],
    source: 'prefetch',
    ...overrides,
  };
}

/** Facts around one draft SPECT order: the order is put into draftOrders. */
export function facts(spect: OrderFact, overrides: Partial<PatientFacts> = {}): PatientFacts {
  return {
    patientId: 'p1',
    asOf: AS_OF,
    conditions: [],
    procedures: [],
    imagingStudies: [],
    existingOrders: [],
    draftOrders: [spect],
    gaps: [],
    ...overrides,
  };
}

/** Outcomes from best to worst for the member, for "never makes the outcome worse" properties. */
export const OUTCOME_RANK: Record<Outcome, number> = {
  'meets-criteria': 0,
  'needs-documentation': 1,
  investigational: 2,
  'not-medically-necessary': 3,
};
