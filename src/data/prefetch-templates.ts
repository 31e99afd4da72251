/**
 * The prefetch templates this service advertises in discovery, one per FactTopic (the prefetch key IS the topic),
 * and the searches it runs itself for a key the EHR did not fill: the same query either way.
 *
 * CDS Hooks 2.0 allows only `{{context.<root primitive>}}` and `{{userPractitionerId}}`-style tokens, so nothing
 * here refers to draftOrders (HL7-DaVinci/CRD#296) and no template can hold a date relative to the call. CRD
 * found-27/28 ask for no more than the service needs, so each search is narrowed by what the policy reads
 * (ChartReading, bound from the policy data), where a search parameter says exactly that:
 *
 * - Procedure and ImagingStudy by status (a required element): the statuses the policy counts.
 * - ServiceRequest by status: the policy reads other orders only for simultaneous imaging, open orders only.
 * - Condition is not narrowed: the policy counts Conditions without a clinical status, and a Condition the order
 *   names as its reason whatever its status; no CDS Hooks 2.0 search says "these statuses, or none, or cited".
 * - No date window: the policy text sets no look-back, and its rules count undated studies and orders, which a
 *   date search parameter would drop.
 *
 * No `_count`: a prefetch must equal what a direct query returns; our own searches page (gather.ts).
 */
import type { FactTopic } from './facts.js';

/** What the policy reads of the chart, as far as a FHIR search can narrow to it (from policy.json). */
export interface ChartReading {
  /** Procedure.status codes the policy never counts (procedureRules.excludedStatuses). */
  excludedProcedureStatuses: readonly string[];
  /** ImagingStudy.status codes the policy counts (imagingRules.countedStatuses). */
  countedImagingStatuses: readonly string[];
  /** ServiceRequest.status codes of the other orders the policy reads (simultaneous.openStatuses). */
  openOrderStatuses: readonly string[];
}

/** FHIR R4 Procedure.status (event-status, required binding). */
const PROCEDURE_STATUSES = [
  'preparation',
  'in-progress',
  'not-done',
  'on-hold',
  'stopped',
  'completed',
  'entered-in-error',
  'unknown',
] as const;

/** `&status=a,b` (a token OR), or nothing when the list is empty (an empty list would match nothing). */
function statusFilter(statuses: readonly string[]): string {
  return statuses.length > 0 ? `&status=${statuses.map(encodeURIComponent).join(',')}` : '';
}

/** The templates for a policy's chart reading; without one, the whole chart (every resource of each type). */
export function prefetchTemplates(reading?: ChartReading): Readonly<Record<FactTopic, string>> {
  const excluded = new Set(reading?.excludedProcedureStatuses ?? []);
  const procedureStatuses = reading ? PROCEDURE_STATUSES.filter((status) => !excluded.has(status)) : [];
  return {
    patient: 'Patient/{{context.patientId}}',
    coverage: 'Coverage?patient={{context.patientId}}&status=active',
    conditions: 'Condition?patient={{context.patientId}}',
    procedures: `Procedure?patient={{context.patientId}}${statusFilter(procedureStatuses)}`,
    imagingStudies: `ImagingStudy?patient={{context.patientId}}${statusFilter(reading?.countedImagingStatuses ?? [])}`,
    serviceRequests: `ServiceRequest?patient={{context.patientId}}${statusFilter(reading?.openOrderStatuses ?? [])}`,
  };
}

/** The unnarrowed templates: what a gather without a policy's chart reading asks for. */
export const PREFETCH_TEMPLATES: Readonly<Record<FactTopic, string>> = prefetchTemplates();

/** Every prefetch key, in a stable order. */
export const PREFETCH_TOPICS = Object.keys(PREFETCH_TEMPLATES) as FactTopic[];

/** The FHIR resource type each key yields: a single resource for `patient`, Bundle entries for the rest. */
export const TOPIC_RESOURCE_TYPE: Readonly<Record<FactTopic, string>> = {
  patient: 'Patient',
  coverage: 'Coverage',
  conditions: 'Condition',
  procedures: 'Procedure',
  imagingStudies: 'ImagingStudy',
  serviceRequests: 'ServiceRequest',
};

/**
 * The keys without which the policy cannot decide (indications, prior imaging, simultaneous orders, prior surgery).
 * Patient and coverage only enrich the answer, so their absence is a gap, never a 412.
 */
export const REQUIRED_TOPICS: readonly FactTopic[] = [
  'conditions',
  'procedures',
  'imagingStudies',
  'serviceRequests',
];

/** The hook-call values a template token can refer to. */
export interface TemplateContext {
  patientId: string;
  /** e.g. "Practitioner/123"; feeds `{{context.userId}}` and `{{userPractitionerId}}`-style tokens. */
  userId?: string;
  encounterId?: string;
}

export class TemplateRenderError extends Error {
  constructor(readonly token: string) {
    super(`Prefetch template token {{${token}}} has no value in this hook call`);
    this.name = 'TemplateRenderError';
  }
}

const TOKEN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/** `{{userPractitionerId}}` is the id part of userId when userId is a Practitioner reference (and so on). */
const USER_TOKENS: Readonly<Record<string, string>> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

function tokenValue(token: string, ctx: TemplateContext): string | undefined {
  switch (token) {
    case 'context.patientId':
      return ctx.patientId || undefined;
    case 'context.userId':
      return ctx.userId || undefined;
    case 'context.encounterId':
      return ctx.encounterId || undefined;
  }
  const userType = USER_TOKENS[token];
  if (userType && ctx.userId) {
    const [type, id] = ctx.userId.split('/');
    return type === userType && id ? id : undefined;
  }
  return undefined;
}

/**
 * Render a template into a FHIR query path relative to the server base ("Condition?patient=p1").
 * Values are URL-encoded, so an id like "../x" or "a&b=c" cannot change the path or add parameters.
 * Throws TemplateRenderError when a token has no value (rendering "patient=" would fetch everyone's data).
 */
export function renderPrefetchTemplate(template: string, ctx: TemplateContext): string {
  return template.replace(TOKEN, (_match, token: string) => {
    const value = tokenValue(token, ctx);
    if (value === undefined) throw new TemplateRenderError(token);
    return encodeURIComponent(value);
  });
}
