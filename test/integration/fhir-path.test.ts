/**
 * The FHIR path against a real FHIR R4 server (Medplum's router in-process, src/demo/fhir-server.ts), not nock:
 * every acceptance scenario's chart is stored in the server, the EHR sends no prefetch, only fhirServer and a
 * token, and the service must reach the same determinations, cards and coverage information through real search
 * semantics (bare patient ids, paging, JSON as a server sends it).
 */
import type { Bundle, Condition, Resource } from 'fhir/r4.js';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app/create-app.js';
import { loadCardTexts } from '../../src/app/load-cards.js';
import { loadPolicy } from '../../src/app/load-policy.js';
import { type FhirServer, startFhirServer } from '../../src/demo/fhir-server.js';
import { expectScenarioAnswer } from '../acceptance/assertions.js';
import { ALL_SCENARIOS } from '../acceptance/cases/index.js';
import { DEFAULT_SETTINGS } from '../acceptance/harness.js';
import {
  chartSearchResults,
  coverageOf,
  EHR_ACCESS_TOKEN,
  hookRequest,
  SERVICE_ID,
} from '../acceptance/request.js';
import type { WireResponse } from '../acceptance/response.js';
import { expectRefusal } from '../acceptance/run-scenario.js';
import type { Scenario } from '../acceptance/scenario.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';

let fhir: FhirServer;
let client: TestClient;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  fhir = await startFhirServer({ accessToken: EHR_ACCESS_TOKEN });
  client = await createTestClient({ fhirServers: [fhir.url] });
  app = createApp({
    // No fact cache: each scenario must be read from the server, not from the previous one's answers.
    config: testConfig([client], { factCacheSeconds: 0 }),
    policy: loadPolicy(),
    cardTexts: loadCardTexts(),
    logger: pino({ level: 'silent' }),
  });
}, 30_000);
afterAll(async () => {
  await fhir?.close();
});

/**
 * A real server enforces invariants the hand-made fixtures do not: con-5 forbids a clinicalStatus on a Condition
 * entered in error (INF-10 has one). Such a Condition is stored as a conformant EHR would hold it.
 */
function conformant(resource: Resource): Resource {
  if (resource.resourceType !== 'Condition') return resource;
  const condition = resource as Condition;
  const enteredInError = condition.verificationStatus?.coding?.some((c) => c.code === 'entered-in-error');
  if (!enteredInError || !condition.clinicalStatus) return resource;
  const { clinicalStatus: _dropped, ...rest } = condition;
  return rest;
}

/** Everything the scenario's EHR holds for its patient, as resources to store in the FHIR server. */
function chartResources(scenario: Scenario): Resource[] {
  const resources: Resource[] = [];
  for (const value of Object.values(chartSearchResults(scenario))) {
    const bundle = value as Bundle;
    if (bundle.resourceType !== 'Bundle') resources.push(value as Resource);
    else for (const entry of bundle.entry ?? []) if (entry.resource) resources.push(entry.resource);
  }
  return resources.map(conformant);
}

async function callThroughFhirServer(scenario: Scenario): Promise<{ status: number; body: WireResponse }> {
  const serviceId = SERVICE_ID[scenario.hook ?? 'order-sign'];
  const body = { ...hookRequest(scenario, { data: 'fhir-server' }), fhirServer: fhir.url };
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  const res = await request(app)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body);
  return { status: res.status, body: res.body as WireResponse };
}

describe('every scenario, read from a real FHIR server', () => {
  test.each(ALL_SCENARIOS.map((s) => [`${s.id}: ${s.title}`, s] as const))('%s', async (_name, scenario) => {
    fhir.clear();
    await fhir.seed(chartResources(scenario));
    const answer = await callThroughFhirServer(scenario);
    if (expectRefusal(scenario, answer)) return;
    expect({ scenario: scenario.id, status: answer.status }).toEqual({ scenario: scenario.id, status: 200 });
    const coverage = coverageOf(scenario);
    expectScenarioAnswer(
      scenario,
      answer.body,
      DEFAULT_SETTINGS,
      coverage ? `Coverage/${coverage.id}` : undefined,
    );
  });
});

describe('what the real server does to the service', () => {
  const infection = ALL_SCENARIOS.find((s) => s.id === 'INF-1')!;

  test('a wrong token: the server answers 401, the call still answers 200 and the card says what was not checked', async () => {
    fhir.clear();
    await fhir.seed(chartResources(infection));
    const serviceId = SERVICE_ID['order-sign'];
    const body = hookRequest(infection, { data: 'fhir-server' }) as {
      fhirAuthorization: { access_token: string };
    };
    body.fhirAuthorization.access_token = 'not-the-token';
    const res = await request(app)
      .post(`/cds-services/${serviceId}`)
      .set(
        'Authorization',
        `Bearer ${await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`)}`,
      )
      .send({ ...body, fhirServer: fhir.url });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('meets-criteria');
    expect(text).not.toContain('not-the-token');
  });
});
