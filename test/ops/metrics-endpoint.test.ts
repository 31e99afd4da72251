/**
 * GET /metrics on the real app: hook calls, determinations, FHIR queries (nock-mocked EHR) and feedback writes
 * show up as the metrics an integrator scrapes.
 */
import nock from 'nock';
import request from 'supertest';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  TEST_FHIR_SERVER,
  testPatient,
  vertebralOsteomyelitis,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, recordAnsweredCards, type TestApp } from '../support/test-app.js';
import { sample } from './prometheus-text.js';

let client: TestClient;
let service: TestApp;

beforeAll(async () => {
  client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(() => {
  service = buildTestApp(testConfig([client]));
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  // nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
  nock.restore();
});

async function signCall(body: object, serviceId = ORDER_SIGN_SERVICE) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  return request(service.app)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body);
}

async function scrape(): Promise<string> {
  const res = await request(service.app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
}

test('a hook call is timed by hook and status, its determination counted by outcome and criterion', async () => {
  const answer = await signCall(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
  expect(answer.status).toBe(200);
  const text = await scrape();
  expect(sample(text, 'spect_cds_hook_duration_seconds_count', { hook: 'order-sign', status: '200' })).toBe(
    1,
  );
  expect(
    sample(text, 'spect_cds_determinations_total', { hook: 'order-sign', outcome: 'meets-criteria' }),
  ).toBe(1);
  expect(sample(text, 'spect_cds_criteria_met_total', { criterion: 'infection' })).toBe(1);
  expect(sample(text, 'spect_cds_cards_total', { hook: 'order-sign', indicator: 'info' })).toBe(1);
  // Everything came from prefetch: no FHIR request was made.
  expect(sample(text, 'spect_cds_fhir_query_duration_seconds_count')).toBeUndefined();
});

test('findings are counted by code; refused calls are timed too; unknown service ids never become labels', async () => {
  const noIndication = osteomyelitisPrefetch();
  noIndication.conditions = searchset([]);
  await signCall(orderSignBody({ prefetch: noIndication }));
  await request(service.app).post(`/cds-services/${ORDER_SIGN_SERVICE}`).send(orderSignBody());
  await request(service.app).post('/cds-services/no-such-service').send({});
  const text = await scrape();
  expect(
    sample(text, 'spect_cds_determination_findings_total', {
      outcome: 'not-medically-necessary',
      finding: 'no-qualifying-indication',
    }),
  ).toBe(1);
  expect(sample(text, 'spect_cds_hook_duration_seconds_count', { hook: 'order-sign', status: '401' })).toBe(
    1,
  );
  expect(text).not.toContain('no-such-service');
});

test('FHIR queries are timed per server and resource type; failures counted by reason', async () => {
  const { origin, pathname } = new URL(TEST_FHIR_SERVER);
  nock(origin)
    .get(`${pathname}/Condition`)
    .query(true)
    .reply(200, searchset([vertebralOsteomyelitis()]))
    .get(`${pathname}/ImagingStudy`)
    .query(true)
    .reply(503, { resourceType: 'OperationOutcome' });
  const prefetch = osteomyelitisPrefetch(['patient', 'coverage', 'procedures', 'serviceRequests']);
  const answer = await signCall(orderSignBody({ prefetch }));
  expect(answer.status).toBe(200);
  const text = await scrape();
  // Named after the client that registered it (no name: its iss), never by its URL.
  const server = { server: client.iss };
  expect(
    sample(text, 'spect_cds_fhir_query_duration_seconds_count', {
      ...server,
      resource_type: 'Condition',
      result: 'ok',
    }),
  ).toBe(1);
  expect(
    sample(text, 'spect_cds_fhir_query_errors_total', {
      ...server,
      resource_type: 'ImagingStudy',
      reason: 'server-error',
    }),
  ).toBe(1);
  // The patient id travels in the query URL; it must not reach a label.
  expect(text).not.toContain(testPatient().id);
});

test('feedback writes are counted as store writes', async () => {
  await recordAnsweredCards(service, client.iss, ORDER_SIGN_SERVICE, ['c-1']);
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}/feedback`);
  const res = await request(service.app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}/feedback`)
    .set('Authorization', `Bearer ${jwt}`)
    .send({
      feedback: [{ card: 'c-1', outcome: 'overridden', outcomeTimestamp: '2026-09-01T10:16:00Z' }],
    });
  expect(res.status).toBe(200);
  expect(await service.feedbackStore.count()).toBe(1);
  const text = await scrape();
  expect(sample(text, 'spect_cds_store_writes_total', { store: 'feedback', result: 'ok' })).toBe(1);
});
