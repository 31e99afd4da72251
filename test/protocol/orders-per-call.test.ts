/**
 * Issue 12 item 5 over HTTP: one call evaluates at most maxOrdersPerCall spine SPECT orders (default 50). Over it
 * the answer is 400 with an OperationOutcome, at once (no FHIR query, no evaluation), so one call cannot hold the
 * event loop for seconds. Drafts the policy does not cover do not count.
 */
import request from 'supertest';
import {
  kneeXrayServiceRequest,
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  spectServiceRequest,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

let client: TestClient;

beforeAll(async () => {
  client = await createTestClient();
});

const spects = (n: number) => Array.from({ length: n }, (_, i) => spectServiceRequest({ id: `spect-${i}` }));

async function sign(app: ReturnType<typeof buildTestApp>['app'], draftOrders: ReturnType<typeof spects>) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  return request(app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(orderSignBody({ prefetch: osteomyelitisPrefetch(), draftOrders }));
}

describe('orders evaluated per call', () => {
  it('evaluates 50 spine SPECT orders; 51 is 400 with an OperationOutcome', async () => {
    const { app } = buildTestApp(testConfig([client]));
    const fifty = await sign(app, spects(50));
    expect(fifty.status).toBe(200);
    expect(fifty.body.cards.length).toBeGreaterThan(0);
    const over = await sign(app, spects(51));
    expect(over.status).toBe(400);
    expect(over.body.resourceType).toBe('OperationOutcome');
    expect(over.body.issue[0].diagnostics).toMatch(/51 .*at most 50/);
    // A thousand drafts are refused as fast as 51.
    expect((await sign(app, spects(1000))).status).toBe(400);
  });

  it('refuses more than maxDraftOrdersPerCall drafts alongside a spine SPECT order, not without one', async () => {
    const { app } = buildTestApp(testConfig([client], { maxDraftOrdersPerCall: 20 }));
    const knees = (n: number) =>
      Array.from({ length: n }, (_, i) => kneeXrayServiceRequest({ id: `xr-${i}` }));
    expect((await sign(app, [...spects(1), ...knees(19)])).status).toBe(200);
    const over = await sign(app, [...spects(1), ...knees(20)]);
    expect(over.status).toBe(400);
    expect(over.body.issue[0].diagnostics).toMatch(/21 draft orders .*at most 20/);
    expect((await sign(app, knees(100))).body).toEqual({ cards: [] });
  });

  it('counts only the orders the policy covers, and follows maxOrdersPerCall', async () => {
    const { app } = buildTestApp(testConfig([client], { maxOrdersPerCall: 2, maxDraftOrdersPerCall: 100 }));
    const knees = Array.from({ length: 60 }, (_, i) => kneeXrayServiceRequest({ id: `xr-${i}` }));
    expect((await sign(app, [...spects(2), ...knees])).status).toBe(200);
    expect((await sign(app, spects(3))).status).toBe(400);
  });
});
