/**
 * Issue 12 item 4 over HTTP: long-lived hook JWTs are refused, and the replay cache never forgets a live token.
 * - exp − iat beyond maxTokenLifetimeSeconds (+ clockSkewSeconds) is 401; Epic's 900 s tokens pass by default.
 * - A token stays a replay until its exp, however many other tokens came after it; a full cache refuses new
 *   tokens with 503 + Retry-After instead of forgetting live ones.
 */
import request from 'supertest';
import { MemoryReplayCache } from '../../src/protocol/auth/replay-cache.js';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const HOOK_URL = `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`;
let client: TestClient;
let harness: TestApp;

beforeAll(async () => {
  client = await createTestClient({ alg: 'ES384' });
  harness = buildTestApp(testConfig([client]));
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

function callWith(token: string, app = harness.app) {
  return request(app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${token}`)
    .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
}

describe('token lifetime', () => {
  it('401 for a token whose exp is ten years after its iat', async () => {
    const iat = nowSeconds();
    const token = await signHookJwt(client, HOOK_URL, { claims: { iat, exp: iat + 10 * 365 * 86_400 } });
    await callWith(token).expect(401);
    const line = harness.logs.entries().find((entry) => /lifetime/.test(String(entry.reason)));
    expect(line).toBeDefined();
  });

  it("accepts Epic's 900 s tokens by default, and a 5-minute one", async () => {
    const iat = nowSeconds();
    await callWith(await signHookJwt(client, HOOK_URL, { claims: { iat, exp: iat + 900 } })).expect(200);
    await callWith(await signHookJwt(client, HOOK_URL, { claims: { iat, exp: iat + 300 } })).expect(200);
  });

  it('401 just beyond the bound (maxTokenLifetimeSeconds + clockSkewSeconds); the bound is configurable', async () => {
    const iat = nowSeconds();
    await callWith(await signHookJwt(client, HOOK_URL, { claims: { iat, exp: iat + 961 } })).expect(401);
    const strict = buildTestApp(testConfig([client], { maxTokenLifetimeSeconds: 300, clockSkewSeconds: 0 }));
    await callWith(
      await signHookJwt(client, HOOK_URL, { claims: { iat, exp: iat + 301 } }),
      strict.app,
    ).expect(401);
    await callWith(
      await signHookJwt(client, HOOK_URL, { claims: { iat, exp: iat + 300 } }),
      strict.app,
    ).expect(200);
  });

  it('401 for a token without iat', async () => {
    await callWith(await signHookJwt(client, HOOK_URL, { claims: { iat: undefined } })).expect(401);
  });
});

describe('replay cache at its bound', () => {
  it('a live token stays a replay after the cache has seen more tokens than it holds; then 503 + Retry-After', async () => {
    const small = buildTestApp(testConfig([client]), { replayCache: new MemoryReplayCache(3) });
    const first = await signHookJwt(client, HOOK_URL);
    await callWith(first, small.app).expect(200);
    for (let i = 0; i < 2; i++) await callWith(await signHookJwt(client, HOOK_URL), small.app).expect(200);
    // Full of live tokens: a new one is refused for now, not let in by forgetting the first.
    const refused = await callWith(await signHookJwt(client, HOOK_URL), small.app).expect(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body.resourceType).toBe('OperationOutcome');
    await callWith(first, small.app).expect(401);
  });
});
