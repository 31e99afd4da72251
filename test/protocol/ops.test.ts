/** The operational surface: CORS (with preflight), request ids, and logs that never carry tokens or clinical data. */
import request from 'supertest';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  TEST_ACCESS_TOKEN,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const HOOK_PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;

describe('CORS', () => {
  it('answers a preflight with 204 and the allowed methods and headers, without a JWT', async () => {
    const { app } = buildTestApp(testConfig([]));
    const res = await request(app)
      .options(HOOK_PATH)
      .set('Origin', 'https://sandbox.cds-hooks.org')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toMatch(/GET.*POST.*OPTIONS/);
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(res.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
  });

  it('with an origin list, echoes listed origins (Vary: Origin) and omits the header for others', async () => {
    const { app } = buildTestApp(testConfig([], { corsOrigins: ['https://ehr.example'] }));
    const ok = await request(app).get('/cds-services').set('Origin', 'https://ehr.example').expect(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://ehr.example');
    expect(ok.headers.vary).toMatch(/Origin/);
    const other = await request(app).get('/cds-services').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app)
      .options(HOOK_PATH)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('request ids', () => {
  it('echoes a plain X-Request-Id and generates one otherwise (or when the supplied one is unsafe)', async () => {
    const { app, logs } = buildTestApp(testConfig([]));
    const echoed = await request(app).get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const generated = await request(app).get('/healthz').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await request(app).get('/healthz').set('X-Request-Id', 'x"} {"level":60').expect(200);
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.entries().some((e) => e.requestId === 'abc-123' && e.status === 200)).toBe(true);
  });
});

describe('logs', () => {
  it('record request id, service, hookInstance, status and duration, and never the JWT, the access token or diagnoses', async () => {
    const client = await createTestClient();
    const { app, logs } = buildTestApp(testConfig([client]));
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}${HOOK_PATH}`);
    const body = orderSignBody({ prefetch: osteomyelitisPrefetch() });
    await request(app).post(HOOK_PATH).set('Authorization', `Bearer ${jwt}`).send(body).expect(200);
    // A rejected call with the same (replayed) token, and a 400, must not log it either.
    await request(app).post(HOOK_PATH).set('Authorization', `Bearer ${jwt}`).send(body).expect(401);
    const jwt2 = await signHookJwt(client, `${TEST_BASE_URL}${HOOK_PATH}`);
    await request(app)
      .post(HOOK_PATH)
      .set('Authorization', `Bearer ${jwt2}`)
      .send({ ...body, context: { ...body.context, patientId: 42 } })
      .expect(400);

    const line = logs.entries().find((e) => e.status === 200 && e.serviceId === ORDER_SIGN_SERVICE);
    expect(line).toMatchObject({ hookInstance: body.hookInstance, iss: client.iss, method: 'POST' });
    expect(typeof line?.durationMs).toBe('number');
    expect(typeof line?.requestId).toBe('string');
    expect(logs.text).not.toContain(TEST_ACCESS_TOKEN);
    expect(logs.text).not.toContain(jwt);
    expect(logs.text).not.toContain(jwt2);
    expect(logs.text).not.toContain(jwt.split('.')[2]);
    expect(logs.text).not.toMatch(/M46\.26|osteomyelitis/i);
  });

  it('redacts tokens even if code logs an object holding them', async () => {
    const { app: _app, logs } = buildTestApp(testConfig([]));
    const { createLogger } = await import('../../src/app/logger.js');
    const logger = createLogger({ destination: logs });
    logger.info({
      request: { fhirAuthorization: { access_token: TEST_ACCESS_TOKEN } },
      headers: { authorization: 'Bearer x' },
    });
    expect(logs.text).not.toContain(TEST_ACCESS_TOKEN);
    expect(logs.text).toContain('[redacted]');
  });
});
