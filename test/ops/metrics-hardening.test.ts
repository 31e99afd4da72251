/**
 * Issue 12 item 8 over real HTTP:
 * - the FHIR server label takes bounded values: a registered server is named by its client, anything else (the
 *   development switch lets any loopback URL through) is one value, "other"; no FHIR base URL reaches /metrics;
 * - a `next` link with encoded dot-segments or slashes is not followed, even on the allowed origin;
 * - /metrics can require a bearer token (CDS_METRICS_TOKEN) or move to a port of its own (metricsPort).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  TEST_PATIENT_ID,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

let fhir: Server;
let origin: string;
let paths: string[];
/** The next link each search answers with (relative to the origin), or none. */
let nextLink: string | undefined;
let client: TestClient;

beforeAll(async () => {
  fhir = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    if ((req.url ?? '').includes('/Patient/')) {
      res.end(JSON.stringify({ resourceType: 'Patient', id: TEST_PATIENT_ID }));
      return;
    }
    if ((req.url ?? '').includes('/Coverage')) {
      res.end(JSON.stringify(osteomyelitisPrefetch(['coverage']).coverage));
      return;
    }
    const link = nextLink && !(req.url ?? '').includes('page=2') ? [{ relation: 'next', url: nextLink }] : [];
    res.end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', link, entry: [] }));
  });
  await new Promise<void>((resolve) => fhir.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(fhir.address() as AddressInfo).port}`;
  client = await createTestClient({ fhirServers: [`${origin}/fhir`] });
});
beforeEach(() => {
  paths = [];
  nextLink = undefined;
});
afterAll(() => new Promise<void>((resolve) => fhir.close(() => resolve())));

async function signed(app: ReturnType<typeof buildTestApp>['app'], fhirServer: string) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  return request(app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(orderSignBody({ fhirServer }));
}

describe('the FHIR server label', () => {
  it('names a registered server by its client and every other server "other"; no base URL is exposed', async () => {
    const named = { ...testConfig([client]).clients[0]!, name: 'Mercy Health' };
    const { app } = buildTestApp(testConfig([named], { allowUnsignedLoopback: true }));
    expect((await signed(app, `${origin}/fhir`)).status).toBe(200);
    for (const path of ['a', 'b', 'c']) {
      const res = await request(app)
        .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
        .send(orderSignBody({ fhirServer: `${origin}/dev-${path}/fhir` }));
      expect(res.status).toBe(200);
    }
    const text = (await request(app).get('/metrics')).text;
    const servers = new Set([...text.matchAll(/server="([^"]*)"/g)].map((m) => m[1]));
    expect(servers).toEqual(new Set(['Mercy Health', 'other']));
    expect(text).not.toContain(origin);
  });
});

describe('next links', () => {
  it.each([
    '/fhir/..%2fadmin/Condition?page=2',
    '/fhir/%2e%2e%2fadmin?page=2',
    '/fhir/Condition%2F..%2F..%2Fadmin?page=2',
  ])('does not follow %s', async (link) => {
    nextLink = link;
    const { app } = buildTestApp(testConfig([client]));
    const res = await signed(app, `${origin}/fhir`);
    expect(res.status).toBe(200);
    expect(paths.filter((path) => path.includes('page=2'))).toEqual([]);
    expect(JSON.stringify(res.body)).toMatch(/next link .*not followed/);
  });

  it('still follows a plain next link on the server', async () => {
    nextLink = '/fhir/Condition?patient=pat-1&page=2';
    const { app } = buildTestApp(testConfig([client]));
    expect((await signed(app, `${origin}/fhir`)).status).toBe(200);
    expect(paths.filter((path) => path.includes('page=2')).length).toBeGreaterThan(0);
  });
});

describe('protecting /metrics', () => {
  it('with a metrics token, /metrics needs it as a bearer token', async () => {
    const { app } = buildTestApp(testConfig([client]), { metricsToken: 'a-long-random-scrape-token-123' });
    expect((await request(app).get('/metrics')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer wrong')).status).toBe(401);
    const ok = await request(app)
      .get('/metrics')
      .set('Authorization', 'Bearer a-long-random-scrape-token-123');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('spect_cds_');
  });

  it('with metricsPort, the service port does not serve /metrics', async () => {
    const { app } = buildTestApp(testConfig([client], { metricsPort: 9464 }));
    expect((await request(app).get('/metrics')).status).toBe(404);
  });
});
