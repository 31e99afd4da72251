/**
 * docs/openapi.yaml tells generated clients which media type each answer has. This drives the real app into each
 * declared status and checks that the Content-Type sent is one the description declares for that status (and that
 * a status the service sends is declared at all), so the two cannot drift apart again.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

interface MediaMap {
  content?: Record<string, unknown>;
  $ref?: string;
}
interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, MediaMap> }>>;
  components: { responses: Record<string, MediaMap> };
}

const spec = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8')) as Spec;

/** The media types declared for one path, method and status (following a components/responses $ref). */
function declared(path: string, method: string, status: number): string[] {
  const responses = spec.paths[path]?.[method]?.responses;
  if (!responses) throw new Error(`${method.toUpperCase()} ${path} is not in docs/openapi.yaml`);
  let response = responses[String(status)];
  if (!response) throw new Error(`${method.toUpperCase()} ${path} does not declare ${status}`);
  if (response.$ref) response = spec.components.responses[response.$ref.split('/').pop()!]!;
  return Object.keys(response.content ?? {});
}

function mediaType(res: request.Response): string {
  return String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
}

let client: TestClient;
const hookPath = '/cds-services/{id}';
const hookUrl = `/cds-services/${ORDER_SIGN_SERVICE}`;

beforeAll(async () => {
  client = await createTestClient();
});

async function signed(app: Parameters<typeof request>[0], body: unknown, contentType?: string) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}${hookUrl}`);
  const req = request(app).post(hookUrl).set('Authorization', `Bearer ${jwt}`);
  if (contentType) req.set('Content-Type', contentType);
  return typeof body === 'string' ? req.send(body) : req.send(body as object);
}

test('every hook-call answer carries a media type its status declares', async () => {
  const { app } = buildTestApp(testConfig([client], { rateLimit: { requestsPerSecond: 0.001, burst: 3 } }));
  const cases: Array<[number, request.Response]> = [
    [200, await signed(app, orderSignBody({ prefetch: osteomyelitisPrefetch() }))],
    [400, await signed(app, '{"hook": ', 'application/json')],
    // No prefetch and no fhirServer: the chart cannot be read.
    [412, await signed(app, orderSignBody({ fhirServer: null }))],
    [429, await signed(app, orderSignBody({ fhirServer: null }))],
    [401, await request(app).post(hookUrl).send({})],
    [404, await request(app).post('/cds-services/no-such-service').send({})],
  ];
  for (const [status, res] of cases) {
    expect(res.status).toBe(status);
    expect({ status, declared: declared(hookPath, 'post', status) }).toEqual({
      status,
      declared: expect.arrayContaining([mediaType(res)]),
    });
  }
});

test('405, 413, discovery, feedback, liveness, readiness and metrics answers match their declarations', async () => {
  const store = new SqliteStore({ filename: ':memory:' });
  const { app } = buildTestApp(testConfig([client]), { store });
  const tooLarge = JSON.stringify({ padding: 'x'.repeat(11 * 1024 * 1024) });
  const feedbackJwt = await signHookJwt(client, `${TEST_BASE_URL}${hookUrl}/feedback`);
  const checks: Array<[string, string, number, request.Response]> = [
    ['/cds-services', 'get', 200, await request(app).get('/cds-services')],
    [hookPath, 'post', 405, await request(app).get(hookUrl)],
    [hookPath, 'post', 413, await signed(app, tooLarge, 'application/json')],
    [
      '/cds-services/{id}/feedback',
      'post',
      400,
      await request(app)
        .post(`${hookUrl}/feedback`)
        .set('Authorization', `Bearer ${feedbackJwt}`)
        .send({ feedback: [{ card: 'not-a-uuid' }] }),
    ],
    ['/healthz', 'get', 200, await request(app).get('/healthz')],
    ['/readyz', 'get', 200, await request(app).get('/readyz')],
    ['/metrics', 'get', 200, await request(app).get('/metrics')],
  ];
  await store.close();
  checks.push(['/readyz', 'get', 503, await request(app).get('/readyz')]);
  for (const [path, method, status, res] of checks) {
    expect({ path, status: res.status }).toEqual({ path, status });
    expect({ path, status, declared: declared(path, method, status) }).toEqual({
      path,
      status,
      declared: expect.arrayContaining([mediaType(res)]),
    });
  }
});
