/** jwksUri: fetched over HTTP (nock), cached, refreshed on an unknown kid at most once per interval. */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import {
  clientRegistration,
  createTestClient,
  signHookJwt,
  TEST_BASE_URL,
  testConfig,
} from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const HOOK_URL = `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`;
const JWKS_HOST = 'https://ehr-keys.test.example';
const JWKS_PATH = '/.well-known/jwks.json';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  // nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
  nock.restore();
});

describe('client keys from a jwksUri', () => {
  it('fetches once, caches, refreshes on a new kid, and does not refetch again within the interval', async () => {
    const oldKey = await createTestClient({ iss: 'https://ehr-rotating.test.example', kid: 'k1' });
    const newKey = await createTestClient({ iss: oldKey.iss, kid: 'k2' });
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    const claimsAt = () => {
      const t = Math.floor(now().getTime() / 1000);
      return { iat: t, exp: t + 300, jti: randomUUID() };
    };
    const { app, logs } = buildTestApp(
      testConfig([clientRegistration(oldKey, { jwksUri: `${JWKS_HOST}${JWKS_PATH}` })], {
        jwksMinRefreshSeconds: 60,
      }),
      { now },
    );
    const call = async (token: string) =>
      request(app)
        .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
        .set('Authorization', `Bearer ${token}`)
        .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));

    // 1. First call fetches the JWKS; the second is served from cache (the interceptor answers only once).
    const first = nock(JWKS_HOST).get(JWKS_PATH).once().reply(200, oldKey.jwks);
    expect((await call(await signHookJwt(oldKey, HOOK_URL, { claims: claimsAt() }))).status).toBe(200);
    expect((await call(await signHookJwt(oldKey, HOOK_URL, { claims: claimsAt() }))).status).toBe(200);
    expect(first.isDone()).toBe(true);

    // 2. The EHR rotates to k2: the unknown kid triggers one refetch, after the refresh interval.
    offsetMs = 61_000;
    const rotated = nock(JWKS_HOST)
      .get(JWKS_PATH)
      .once()
      .reply(200, { keys: [...oldKey.jwks.keys, ...newKey.jwks.keys] });
    expect((await call(await signHookJwt(newKey, HOOK_URL, { claims: claimsAt() }))).status).toBe(200);
    expect(rotated.isDone()).toBe(true);

    // 3. A burst of unknown kids inside the interval causes no further fetch (no amplification).
    const flood = nock(JWKS_HOST).get(JWKS_PATH).reply(200, oldKey.jwks);
    for (const kid of ['x1', 'x2', 'x3']) {
      const token = await signHookJwt(newKey, HOOK_URL, { header: { kid }, claims: claimsAt() });
      expect((await call(token)).status).toBe(401);
    }
    expect(flood.isDone()).toBe(false);
    expect(logs.text).toMatch(/kid \\"x1\\" is not in the JWKS at jwksUri https:\/\/ehr-keys/);
  });

  it('401 when the JWKS endpoint fails, without crashing', async () => {
    const client = await createTestClient();
    const { app } = buildTestApp(
      testConfig([clientRegistration(client, { jwksUri: `${JWKS_HOST}${JWKS_PATH}` })]),
    );
    nock(JWKS_HOST).get(JWKS_PATH).reply(500, 'oops');
    const res = await request(app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${await signHookJwt(client, HOOK_URL)}`)
      .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
    expect(res.status).toBe(401);
  });
});
