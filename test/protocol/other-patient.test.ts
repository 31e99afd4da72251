/**
 * Issue 12 item 3 over HTTP: another patient's data is never evidence. A prefetch Bundle holding a Condition whose
 * subject is someone else (the only qualifying diagnosis) must not turn the answer into "criteria met"; the card
 * says some records were left out (without the other patient's id). A draft order for another patient is 400.
 */
import request from 'supertest';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  spectServiceRequest,
  TEST_PATIENT_ID,
  vertebralOsteomyelitis,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const OTHER = 'someone-else-4711';
let client: TestClient;
let harness: TestApp;

beforeAll(async () => {
  client = await createTestClient();
  harness = buildTestApp(testConfig([client]));
});

async function sign(body: object) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  return request(harness.app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body);
}

const outcomes = (body: { cards: Array<{ extension?: unknown }> }) => JSON.stringify(body);

describe("another patient's data", () => {
  it('a prefetched Condition of another patient is not used, and the card says records were left out', async () => {
    const mine = await sign(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
    expect(mine.status).toBe(200);
    expect(outcomes(mine.body)).toContain('meets-criteria');

    for (const reference of [
      `Patient/${OTHER}`,
      `https://ehr.example.org/fhir/Patient/${OTHER}/_history/3`,
    ]) {
      const prefetch = {
        ...osteomyelitisPrefetch(),
        conditions: searchset([vertebralOsteomyelitis({ id: 'cond-theirs', subject: { reference } })]),
      };
      const res = await sign(orderSignBody({ prefetch }));
      expect(res.status).toBe(200);
      const text = outcomes(res.body);
      expect(text).not.toContain('meets-criteria');
      expect(text).not.toContain('cond-theirs');
      expect(text).toMatch(/another patient/);
      expect(text).not.toContain(OTHER);
    }
  });

  it("400 OperationOutcome for a draft order of another patient; this patient's own absolute reference is fine", async () => {
    const theirs = spectServiceRequest({ subject: { reference: `Patient/${OTHER}` } });
    const res = await sign(orderSignBody({ prefetch: osteomyelitisPrefetch(), draftOrders: [theirs] }));
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].expression).toEqual(['context.draftOrders.entry[0].resource.subject']);
    expect(JSON.stringify(res.body)).not.toContain(OTHER);

    const own = spectServiceRequest({
      subject: { reference: `https://ehr.example.org/fhir/Patient/${TEST_PATIENT_ID}` },
    });
    expect(
      (await sign(orderSignBody({ prefetch: osteomyelitisPrefetch(), draftOrders: [own] }))).status,
    ).toBe(200);
  });
});
