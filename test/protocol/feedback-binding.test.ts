/**
 * Issue 12 item 7 over HTTP: feedback is accepted only from the client (JWT iss) that received the card, at the
 * feedback endpoint of the service that answered it, as the audit trail records. Client B naming client A's card,
 * or anyone naming a card never answered, gets 404 with an OperationOutcome, and nothing is stored or counted.
 */
import request from 'supertest';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let clientA: TestClient;
let clientB: TestClient;
let harness: TestApp;

beforeAll(async () => {
  clientA = await createTestClient({ iss: 'https://ehr-a.example' });
  clientB = await createTestClient({ iss: 'https://ehr-b.example' });
  harness = buildTestApp(testConfig([clientA, clientB]));
});

async function cardAnsweredTo(client: TestClient): Promise<string> {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  const res = await request(harness.app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }))
    .expect(200);
  return res.body.cards[0].uuid as string;
}

async function feedback(client: TestClient, card: string, serviceId = ORDER_SIGN_SERVICE) {
  const path = `/cds-services/${serviceId}/feedback`;
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}${path}`);
  return request(harness.app)
    .post(path)
    .set('Authorization', `Bearer ${jwt}`)
    .send({ feedback: [{ card, outcome: 'overridden', outcomeTimestamp: '2026-12-04T10:00:00Z' }] });
}

describe('feedback is bound to the client that received the card', () => {
  it("404 OperationOutcome for another client's card, nothing stored; 200 for the recipient", async () => {
    const card = await cardAnsweredTo(clientA);
    const before = await harness.feedbackStore.count();

    const foreign = await feedback(clientB, card);
    expect(foreign.status).toBe(404);
    expect(foreign.body.resourceType).toBe('OperationOutcome');
    expect(foreign.body.issue[0]).toMatchObject({ code: 'not-found', expression: ['feedback[0].card'] });
    expect(await harness.feedbackStore.count()).toBe(before);

    expect((await feedback(clientA, card)).status).toBe(200);
    expect(await harness.feedbackStore.count()).toBe(before + 1);
  });

  it('404 for a card uuid never answered, and at the feedback endpoint of another service', async () => {
    const card = await cardAnsweredTo(clientA);
    expect((await feedback(clientA, '3f1c9a52-6a0e-4b7e-9d35-0c2b8e7f4a11')).status).toBe(404);
    expect((await feedback(clientA, card, ORDER_SELECT_SERVICE)).status).toBe(404);
  });
});
