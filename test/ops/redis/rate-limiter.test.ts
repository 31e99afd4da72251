/**
 * The rate limit shared through Redis: two replicas of the real app spend one client's one bucket, so together they
 * allow the configured burst, not twice it; the bucket refills on Redis's clock; and a Redis that is down leaves
 * each replica limiting on its own instead of refusing or waving through every call.
 */
import { createServer } from 'node:net';
import request from 'supertest';
import { connectRedis } from '../../../src/ops/redis/connect.js';
import { RedisRateLimiter } from '../../../src/ops/redis/rate-limiter.js';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../../support/hook-request.js';
import {
  createTestClient,
  signHookJwt,
  TEST_BASE_URL,
  type TestClient,
  testConfig,
} from '../../support/jwt.js';
import { buildTestApp } from '../../support/test-app.js';
import { describeWithRedis, useTwoReplicas } from './redis-test-support.js';

const aud = `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`;

async function call(app: Parameters<typeof request>[0], client: TestClient) {
  return request(app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${await signHookJwt(client, aud)}`)
    .send(orderSignBody({ fhirServer: null, prefetch: osteomyelitisPrefetch() }));
}

describeWithRedis('the per-client rate limit shared through Redis', () => {
  const replicas = useTwoReplicas();
  let client: TestClient;

  beforeAll(async () => {
    client = await createTestClient();
  });

  test('two replicas together allow one burst: the call after it is 429 at either replica', async () => {
    const config = testConfig([client], { rateLimit: { requestsPerSecond: 0.01, burst: 4 } });
    const [a, b] = [replicas.replicaA, replicas.replicaB].map(
      (redis) =>
        buildTestApp(config, { rateLimiter: new RedisRateLimiter(redis, undefined, replicas.prefix) }).app,
    );
    const statuses: number[] = [];
    for (const app of [a, b, a, b, a, b]) statuses.push((await call(app!, client)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = await call(b!, client);
    expect(refused.status).toBe(429);
    // (1 - 0 tokens) / 0.01 per second = 100 s.
    expect(Number(refused.headers['retry-after'])).toBe(100);
  });

  test('the bucket refills at the configured rate, on the Redis clock', async () => {
    const limiter = new RedisRateLimiter(replicas.replicaA, undefined, replicas.prefix);
    const limit = { requestsPerSecond: 20, burst: 1 };
    expect(await limiter.take('https://ehr.example', limit)).toEqual({ allowed: true });
    expect((await limiter.take('https://ehr.example', limit)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await limiter.take('https://ehr.example', limit)).toEqual({ allowed: true });
    // Another client's bucket is its own.
    expect(await limiter.take('https://other-ehr.example', limit)).toEqual({ allowed: true });
  });

  test('buckets expire once they would be full again, so idle clients cost Redis nothing', async () => {
    const limiter = new RedisRateLimiter(replicas.replicaA, undefined, replicas.prefix);
    await limiter.take('https://ehr.example', { requestsPerSecond: 10, burst: 5 });
    const [key] = await replicas.replicaA.keys(`${replicas.prefix}*`);
    const ttl = await replicas.replicaA.pttl(key!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1500);
  });
});

test('Redis down: each replica limits on its own (the burst still holds), and the first failure is logged', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const redis = connectRedis(`redis://127.0.0.1:${port}`);
  const errors: string[] = [];
  const logger = { error: (_: unknown, message: string) => errors.push(message), info: () => undefined };
  try {
    const limiter = new RedisRateLimiter(redis, logger as never);
    const limit = { requestsPerSecond: 0.01, burst: 2 };
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push((await limiter.take('https://ehr.example', limit)).allowed);
    expect(verdicts).toEqual([true, true, false]);
    expect(errors).toEqual([
      'rate limit: Redis unavailable; each replica limits on its own until it is back',
    ]);
  } finally {
    redis.disconnect();
  }
});
