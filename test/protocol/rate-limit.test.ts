import request from 'supertest';
import { RateLimiter } from '../../src/protocol/rate-limit.js';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import {
  clientRegistration,
  createTestClient,
  signHookJwt,
  TEST_BASE_URL,
  type TestClient,
  testConfig,
} from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const HOOK_PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
const HOOK_URL = `${TEST_BASE_URL}${HOOK_PATH}`;

describe('RateLimiter (token bucket)', () => {
  it('allows the burst, then one call per 1/rate seconds, with Retry-After in whole seconds', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limit = { requestsPerSecond: 0.5, burst: 2 };
    expect(limiter.take('a', limit)).toEqual({ allowed: true });
    expect(limiter.take('a', limit)).toEqual({ allowed: true });
    expect(limiter.take('a', limit)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    now += 1_000;
    expect(limiter.take('a', limit)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take('a', limit)).toEqual({ allowed: true });
    // Refill never exceeds the burst, however long the client was quiet.
    now += 3_600_000;
    for (let i = 0; i < 2; i++) expect(limiter.take('a', limit).allowed).toBe(true);
    expect(limiter.take('a', limit).allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter(() => 0);
    const limit = { requestsPerSecond: 1, burst: 1 };
    expect(limiter.take('a', limit).allowed).toBe(true);
    expect(limiter.take('a', limit).allowed).toBe(false);
    expect(limiter.take('b', limit).allowed).toBe(true);
    expect(limiter.size).toBe(2);
  });
});

describe('per-client rate limit over HTTP', () => {
  let now = Date.now();
  const clock = () => new Date(now);

  async function call(app: Parameters<typeof request>[0], client: TestClient) {
    return request(app)
      .post(HOOK_PATH)
      .set('Authorization', `Bearer ${await signHookJwt(client, HOOK_URL)}`)
      .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
  }

  it('answers 429 with Retry-After once a client spends its burst; other clients are not affected', async () => {
    const noisy = await createTestClient();
    const quiet = await createTestClient();
    const { app } = buildTestApp(
      testConfig([noisy, quiet], { rateLimit: { requestsPerSecond: 1, burst: 2 } }),
      { now: clock },
    );
    expect((await call(app, noisy)).status).toBe(200);
    expect((await call(app, noisy)).status).toBe(200);
    const limited = await call(app, noisy);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'throttled' }],
    });
    expect((await call(app, quiet)).status).toBe(200);

    now += 1_000;
    expect((await call(app, noisy)).status).toBe(200);
  });

  it("a client's own limit replaces the service-wide one", async () => {
    const big = await createTestClient();
    const { app } = buildTestApp(
      testConfig([clientRegistration(big, { rateLimit: { requestsPerSecond: 1, burst: 4 } })], {
        rateLimit: { requestsPerSecond: 1, burst: 1 },
      }),
      { now: clock },
    );
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(app, big)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('unauthenticated calls get 401 and do not spend a client allowance', async () => {
    const client = await createTestClient();
    const { app } = buildTestApp(testConfig([client], { rateLimit: { requestsPerSecond: 1, burst: 1 } }), {
      now: clock,
    });
    for (let i = 0; i < 3; i++) {
      const forged = await request(app)
        .post(HOOK_PATH)
        .set('Authorization', 'Bearer not.a.jwt')
        .send(orderSignBody());
      expect(forged.status).toBe(401);
    }
    expect((await call(app, client)).status).toBe(200);
  });

  it('the feedback endpoint shares the client bucket', async () => {
    const client = await createTestClient();
    const { app } = buildTestApp(testConfig([client], { rateLimit: { requestsPerSecond: 1, burst: 1 } }), {
      now: clock,
    });
    expect((await call(app, client)).status).toBe(200);
    const feedbackPath = `${HOOK_PATH}/feedback`;
    const feedback = await request(app)
      .post(feedbackPath)
      .set('Authorization', `Bearer ${await signHookJwt(client, `${TEST_BASE_URL}${feedbackPath}`)}`)
      .send({ feedback: [] });
    expect(feedback.status).toBe(429);
  });
});
