/**
 * What the DTR tests share: the questionnaire generated from the shipped policy, and the demo charts in a real
 * FHIR server (src/demo/fhir-server.ts) read over HTTP by the demo EHR's DTR client.
 */
import type { Patient, QuestionnaireResponse } from 'fhir/r4.js';
import { loadPolicy } from '../../../src/app/load-policy.js';
import { httpSearch, type PrefillResult, prefill } from '../../../src/demo/dtr/prefill.js';
import { type FhirServer, startFhirServer } from '../../../src/demo/fhir-server.js';
import { demoChartResources } from '../../../src/demo/synthetic-patients.js';
import { questionPlanOf } from '../../../src/dtr/policy-questions.js';
import { buildQuestionnaire } from '../../../src/dtr/questionnaire.js';

/** The clock of the charts (their dates are relative to it) and of the prefill. */
export const NOW = new Date('2026-12-04T12:00:00Z');
export const FHIR_BASE = 'https://payer.example/fhir';
export const policy = loadPolicy();
export const plan = questionPlanOf(policy);
export const generated = buildQuestionnaire(plan, { fhirBase: FHIR_BASE, publisher: 'Blue Cross VT' });
export const { questionnaire } = generated;

const TOKEN = 'demo-chart-token';

/** Timeout of a test that prefills: it reads the FHIR server over HTTP, and a cold one takes seconds under load. */
export const SLOW = 20_000;

export interface DemoChart {
  fhir: FhirServer;
  patient(id: string): Promise<Patient>;
  prefilled(patientId: string, draft?: QuestionnaireResponse): Promise<PrefillResult>;
}

/** Starts the demo charts' FHIR server for the test file (beforeAll/afterAll); call the result inside tests. */
export function useDemoChart(): () => DemoChart {
  let chart: DemoChart | undefined;
  beforeAll(async () => {
    const fhir = await startFhirServer({ accessToken: TOKEN });
    await fhir.seed(demoChartResources(NOW));
    const patient = async (id: string) =>
      (await (
        await fetch(`${fhir.url}/Patient/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).json()) as Patient;
    chart = {
      fhir,
      patient,
      prefilled: async (patientId, draft) =>
        prefill({
          questionnaire,
          patient: await patient(patientId),
          search: httpSearch(fhir.url, TOKEN),
          ...(draft ? { draft } : {}),
          now: NOW,
        }),
    };
  }, 30_000);
  afterAll(() => chart?.fhir.close());
  return () => {
    if (!chart) throw new Error('the demo chart is not started yet');
    return chart;
  };
}
