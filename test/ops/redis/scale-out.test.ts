/**
 * Two replicas of the real app sharing one Redis (as REDIS_URL wires them): a JWT accepted by one is refused as a
 * replay by the other, and what one replica read from the EHR's FHIR server answers the other's next call.
 */
import nock from 'nock';
import request from 'supertest';
import { redisSharedState, type SharedState } from '../../../src/ops/redis/shared-state.js';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  TEST_FHIR_SERVER,
  testPatient,
  vertebralOsteomyelitis,
} from '../../support/hook-request.js';
import {
  createTestClient,
  signHookJwt,
  TEST_BASE_URL,
  type TestClient,
  testConfig,
} from '../../support/jwt.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';
import { deleteKeys, describeWithRedis, openRedis, REDIS_URL } from './redis-test-support.js';

describeWithRedis('two replicas sharing Redis', () => {
  let client: TestClient;
  let states: SharedState[];
  let replicas: TestApp[];

  beforeAll(async () => {
    client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  beforeEach(() => {
    const config = testConfig([client]);
    states = [0, 1].map(() => redisSharedState(REDIS_URL!, config));
    replicas = states.map((state) =>
      buildTestApp(config, {
        replayCache: state.replayCache,
        factCache: state.factCache,
        // CDS_FACT_CACHE_SECRET, the same on both replicas.
        factCacheSecret: 'the-replicas-shared-fact-cache-secret',
      }),
    );
  });
  afterEach(async () => {
    nock.cleanAll();
    await Promise.all(states.map((state) => state.close()));
    const redis = openRedis();
    await deleteKeys(redis, 'spect-cds:');
    redis.disconnect();
  });
  afterAll(() => {
    nock.enableNetConnect();
    // nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
    nock.restore();
  });

  test('a token used at replica A is a replay at replica B', async () => {
    const aud = `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`;
    const jwt = await signHookJwt(client, aud);
    const body = orderSignBody({ fhirServer: null, prefetch: undefined, extra: { prefetch: {} } });
    const call = (replica: TestApp) =>
      request(replica.app)
        .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
        .set('Authorization', `Bearer ${jwt}`)
        .send(body);
    expect((await call(replicas[0]!)).status).not.toBe(401);
    expect((await call(replicas[1]!)).status).toBe(401);
  });

  test('facts read by replica A for order-select answer the order-sign at replica B', async () => {
    const { origin, pathname } = new URL(TEST_FHIR_SERVER);
    const queried: string[] = [];
    const ehr = nock(origin)
      .persist()
      .get((path) => path.startsWith(pathname))
      .query(true)
      .reply(function reply(uri) {
        const type = uri.slice(pathname.length + 1).split(/[/?]/)[0]!;
        queried.push(type);
        if (type === 'Patient') return [200, testPatient()];
        if (type === 'Condition') return [200, searchset([vertebralOsteomyelitis()])];
        // The member's Coverage with this payer (CRD hook-13: without it the call is refused).
        if (type === 'Coverage') return [200, osteomyelitisPrefetch(['coverage']).coverage];
        return [200, searchset([])];
      });
    const select = await request(replicas[0]!.app)
      .post(`/cds-services/${ORDER_SELECT_SERVICE}`)
      .set(
        'Authorization',
        `Bearer ${await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SELECT_SERVICE}`)}`,
      )
      .send(orderSelectBody());
    expect(select.status).toBe(200);
    const afterSelect = queried.length;
    expect(afterSelect).toBeGreaterThanOrEqual(5);
    // The cache is written after the answer; give the writes a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sign = await request(replicas[1]!.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set(
        'Authorization',
        `Bearer ${await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`)}`,
      )
      .send(orderSignBody());
    expect(sign.status).toBe(200);
    expect(queried.length).toBe(afterSelect);
    expect(JSON.stringify(sign.body)).toContain('meets-criteria');

    // Another access token at replica B (revoked, or for someone else) never reads what A's token fetched.
    const other = await request(replicas[1]!.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set(
        'Authorization',
        `Bearer ${await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`)}`,
      )
      .send(orderSignBody({ accessToken: 'another-access-token' }));
    expect(other.status).toBe(200);
    expect(queried.length).toBeGreaterThan(afterSelect);
    ehr.persist(false);
  });
});
