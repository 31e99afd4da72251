/**
 * Issue 12 item 1 over real HTTP: the fact cache never answers a call whose FHIR access token was not the one that
 * fetched the data. The EHR's FHIR server (a loopback server) accepts one token and answers 401 to any other;
 * three order-sign calls for the same client, patient and fhirServer, without prefetch: a bad token, a good one,
 * another bad one. The third must query the FHIR server itself (and get its 401), not read the chart from the cache.
 * The same token on order-select then order-sign still reuses the answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  testPatient,
  vertebralOsteomyelitis,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const GOOD_TOKEN = 'the-token-the-ehr-issued-for-this-patient';

let fhir: Server;
let fhirBase: string;
let requests: { token: string; path: string }[];
let client: TestClient;
let harness: TestApp;

/** The patient's chart: lumbar vertebral osteomyelitis (a qualifying indication), nothing else. */
function answer(path: string): unknown {
  if (path.startsWith('/fhir/Patient/')) return testPatient();
  if (path.startsWith('/fhir/Condition')) return searchset([vertebralOsteomyelitis()]);
  if (path.startsWith('/fhir/Coverage')) return osteomyelitisPrefetch(['coverage']).coverage;
  return searchset([]);
}

beforeAll(async () => {
  fhir = createServer((req, res) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    requests.push({ token, path: req.url ?? '' });
    if (token !== GOOD_TOKEN) {
      res.writeHead(401, { 'content-type': 'application/fhir+json' });
      res.end(
        JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(answer(req.url ?? '')));
  });
  await new Promise<void>((resolve) => fhir.listen(0, '127.0.0.1', resolve));
  fhirBase = `http://127.0.0.1:${(fhir.address() as AddressInfo).port}/fhir`;
  client = await createTestClient({ fhirServers: [fhirBase] });
  harness = buildTestApp(testConfig([client]));
});
beforeEach(() => {
  requests = [];
});
afterAll(() => new Promise<void>((resolve) => fhir.close(() => resolve())));

async function call(serviceId: string, body: object) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  return request(harness.app)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body);
}

const mentionsTheDiagnosis = (body: unknown) => /osteomyelitis/i.test(JSON.stringify(body));

describe('the fact cache and the FHIR access token', () => {
  it('never serves cached chart data to a call whose token did not fetch it', async () => {
    const sign = (accessToken: string) =>
      call(ORDER_SIGN_SERVICE, orderSignBody({ fhirServer: fhirBase, accessToken }));

    const first = await sign('a-revoked-token');
    expect(first.status).toBe(200);
    expect(mentionsTheDiagnosis(first.body)).toBe(false);

    const second = await sign(GOOD_TOKEN);
    expect(second.status).toBe(200);
    expect(mentionsTheDiagnosis(second.body)).toBe(true);

    requests = [];
    const third = await sign('another-bad-token');
    expect(third.status).toBe(200);
    // The EHR saw (and refused) the access; the chart was not read from the cache.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.token === 'another-bad-token')).toBe(true);
    expect(mentionsTheDiagnosis(third.body)).toBe(false);
  });

  it('still reuses the answers from order-select to order-sign with the same token', async () => {
    const token = `${GOOD_TOKEN}`;
    const select = await call(
      ORDER_SELECT_SERVICE,
      orderSelectBody({ fhirServer: fhirBase, accessToken: token }),
    );
    expect(select.status).toBe(200);
    // The previous test already cached this token's answers; clear the count and sign.
    requests = [];
    const sign = await call(ORDER_SIGN_SERVICE, orderSignBody({ fhirServer: fhirBase, accessToken: token }));
    expect(sign.status).toBe(200);
    expect(mentionsTheDiagnosis(sign.body)).toBe(true);
    expect(requests).toEqual([]);
  });
});
