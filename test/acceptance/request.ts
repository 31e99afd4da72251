/**
 * Turns a scenario into the CDS Hooks request an EHR would send: context (userId, patientId, draftOrders,
 * selections) plus either a full prefetch or, for the FHIR-server scenarios, fhirServer + fhirAuthorization.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, Coverage, Resource } from 'fhir/r4.js';
import { coverage, EHR_FHIR_BASE, patient, SUBJECT_PLACEHOLDER, searchset } from './fixtures/fhir.js';
import type { Hook, Scenario } from './scenario.js';

export const SERVICE_ID: Record<Hook, string> = {
  'order-sign': 'spect-spine-order-sign',
  'order-select': 'spect-spine-order-select',
};

/** An opaque token the mocked FHIR server expects; it must never be logged or echoed. */
export const EHR_ACCESS_TOKEN = 'acceptance-opaque-access-token-7f3c';

export const patientIdOf = (scenario: Scenario): string => `pt-${scenario.id.toLowerCase()}`;

/** Replace the placeholder subject with the scenario's patient (a deep copy; the case data stays untouched). */
function forPatient<T extends Resource>(resource: T, patientId: string): T {
  return JSON.parse(JSON.stringify(resource).replaceAll(SUBJECT_PLACEHOLDER, `Patient/${patientId}`)) as T;
}

/** The Coverage the EHR holds for the scenario's patient, or none. */
export function coverageOf(scenario: Scenario): Coverage | undefined {
  if (scenario.chart.coverage === null) return undefined;
  return forPatient(
    scenario.chart.coverage ?? coverage(`cov-${patientIdOf(scenario)}`),
    patientIdOf(scenario),
  );
}

/** The chart as the search results the EHR would return, keyed like the service's prefetch templates. */
export function chartSearchResults(scenario: Scenario): Record<string, Bundle | Resource> {
  const pid = patientIdOf(scenario);
  const { chart } = scenario;
  const mine = <T extends Resource>(resources: T[] | undefined) =>
    searchset((resources ?? []).map((r) => forPatient(r, pid)));
  const cov = coverageOf(scenario);
  return {
    patient: patient(pid),
    coverage: searchset(cov ? [cov] : []),
    conditions: mine(chart.conditions),
    procedures: mine(chart.procedures),
    imagingStudies: mine(chart.imagingStudies),
    serviceRequests: mine(chart.serviceRequests),
  };
}

export interface HookRequestOptions {
  /** 'prefetch' (default): every prefetch key filled. 'fhir-server': no prefetch; the service must query the EHR. */
  data?: 'prefetch' | 'fhir-server';
}

export function hookRequest(scenario: Scenario, options: HookRequestOptions = {}): Record<string, unknown> {
  const pid = patientIdOf(scenario);
  const hook = scenario.hook ?? 'order-sign';
  const draftOrders: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: scenario.drafts.map((draft) => ({ resource: forPatient(draft, pid) })),
  };
  const context: Record<string, unknown> = {
    userId: 'Practitioner/dr-green',
    patientId: pid,
    encounterId: `enc-${pid}`,
    draftOrders,
  };
  if (hook === 'order-select') context.selections = scenario.selections ?? [];
  const body: Record<string, unknown> = { hook, hookInstance: randomUUID(), context };
  if (options.data === 'fhir-server') {
    body.fhirServer = EHR_FHIR_BASE;
    body.fhirAuthorization = {
      access_token: EHR_ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: 300,
      scope:
        'patient/Patient.read patient/Condition.read patient/Procedure.read patient/ImagingStudy.read patient/ServiceRequest.read patient/Coverage.read',
      subject: 'spect-spine-cds',
      patient: pid,
    };
  } else {
    body.prefetch = chartSearchResults(scenario);
  }
  return body;
}
