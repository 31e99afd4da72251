/**
 * The prefetch templates this service advertises in discovery, one per FactTopic (the prefetch key IS the topic).
 *
 * CDS Hooks 2.0 allows only `{{context.<root primitive>}}` and `{{userPractitionerId}}`-style tokens, so nothing
 * here refers to draftOrders (HL7-DaVinci/CRD#296). The searches are deliberately unfiltered by status or date:
 * the policy needs history as much as the present (a resolved osteomyelitis, a fusion years ago, last year's MRI),
 * and it reads each fact's status itself. Coverage is the exception: CRD asks for the active coverage only.
 * No `_count`: a prefetch must equal what a direct query returns, and paging is handled when we query ourselves.
 */
import type { FactTopic } from './facts.js';

export const PREFETCH_TEMPLATES: Readonly<Record<FactTopic, string>> = {
  patient: 'Patient/{{context.patientId}}',
  coverage: 'Coverage?patient={{context.patientId}}&status=active',
  conditions: 'Condition?patient={{context.patientId}}',
  procedures: 'Procedure?patient={{context.patientId}}',
  imagingStudies: 'ImagingStudy?patient={{context.patientId}}',
  serviceRequests: 'ServiceRequest?patient={{context.patientId}}',
};

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
