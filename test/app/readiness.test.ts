/**
 * GET /readyz over real HTTP: ready only while the store takes writes, Redis (when configured) answers and the
 * policy is loaded; 503 with the failing check and its reason otherwise, and never later than the check timeout.
 */
import { createServer } from 'node:net';
import request from 'supertest';
import { READINESS_TIMEOUT_MS } from '../../src/app/readiness.js';
import { redisSharedState } from '../../src/ops/redis/shared-state.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

test('a working store and a loaded policy: 200 ready, every check ok', async () => {
  const { app } = buildTestApp(testConfig(), { store: new SqliteStore({ filename: ':memory:' }) });
  const res = await request(app).get('/readyz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    status: 'ready',
    checks: { store: { status: 'ok' }, policy: { status: 'ok' } },
  });
  // Liveness stays a separate, unconditional answer.
  expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
});

test('a closed store: 503 not-ready naming the store and why, while /healthz still answers ok', async () => {
  const store = new SqliteStore({ filename: ':memory:' });
  const { app } = buildTestApp(testConfig(), { store });
  await store.close();
  const res = await request(app).get('/readyz');
  expect(res.status).toBe(503);
  expect(res.body.status).toBe('not-ready');
  expect(res.body.checks.store).toEqual({ status: 'failed', reason: 'the store is closed' });
  expect(res.body.checks.policy).toEqual({ status: 'ok' });
  expect((await request(app).get('/healthz')).status).toBe(200);
});

test('a check that never answers fails at the timeout instead of hanging the probe', async () => {
  const { app } = buildTestApp(testConfig(), {
    readiness: [{ name: 'hanging', check: () => new Promise<void>(() => undefined) }],
  });
  const started = Date.now();
  const res = await request(app).get('/readyz');
  const took = Date.now() - started;
  expect(res.status).toBe(503);
  expect(res.body.checks.hanging).toEqual({
    status: 'failed',
    reason: `no answer within ${READINESS_TIMEOUT_MS} ms`,
  });
  expect(took).toBeLessThan(READINESS_TIMEOUT_MS * 5);
});

test('Redis configured but unreachable: 503 naming redis; reachable (REDIS_URL): ready', async () => {
  // A loopback port that was free a moment ago: nothing listens there, so every connection is refused.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const down = redisSharedState(`redis://127.0.0.1:${port}`, testConfig());
  try {
    const { app } = buildTestApp(testConfig(), { readiness: [{ name: 'redis', check: () => down.ping() }] });
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks.redis.status).toBe('failed');
  } finally {
    await down.close();
  }
  const url = process.env.REDIS_URL;
  if (!url) return;
  const up = redisSharedState(url, testConfig());
  try {
    const { app } = buildTestApp(testConfig(), { readiness: [{ name: 'redis', check: () => up.ping() }] });
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.checks.redis).toEqual({ status: 'ok' });
  } finally {
    await up.close();
  }
});
