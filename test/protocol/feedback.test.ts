import request from 'supertest';
import { ORDER_SIGN_SERVICE } from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, recordAnsweredCards, type TestApp } from '../support/test-app.js';

const FEEDBACK_PATH = `/cds-services/${ORDER_SIGN_SERVICE}/feedback`;
const FEEDBACK_URL = `${TEST_BASE_URL}${FEEDBACK_PATH}`;
let client: TestClient;
let harness: TestApp;

beforeEach(async () => {
  client ??= await createTestClient();
  harness = buildTestApp(testConfig([client]));
  // Feedback is accepted only for cards answered to this client (test/protocol/feedback-binding.test.ts).
  await recordAnsweredCards(harness, client.iss, ORDER_SIGN_SERVICE, [accepted.card, overridden.card]);
});

const accepted = {
  card: '9368d37b-283f-44a0-93ea-547cebab93ed',
  outcome: 'accepted',
  acceptedSuggestions: [{ id: 'e56e1945-20b3-4393-8503-a1a20fd73152' }],
  outcomeTimestamp: '2026-09-01T10:15:00Z',
};
const overridden = {
  card: '2a6f1d9c-1f3e-4c5b-9c8d-7e6f5a4b3c2d',
  outcome: 'overridden',
  overrideReason: {
    reason: {
      system: 'https://example.org/override-reasons',
      code: 'rationale-documented',
      display: 'Documented',
    },
    userComment: 'Surgeon needs both studies today',
  },
  outcomeTimestamp: '2026-09-01T10:16:00+02:00',
};

async function send(body: unknown, aud = FEEDBACK_URL) {
  return request(harness.app)
    .post(FEEDBACK_PATH)
    .set('Authorization', `Bearer ${await signHookJwt(client, aud)}`)
    .send(body as object);
}

describe('POST /cds-services/{id}/feedback', () => {
  it('stores accepted and overridden feedback with the service id and issuer, answering 200 {}', async () => {
    const res = await send({ feedback: [accepted, overridden] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const records = await harness.feedbackStore.list();
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ serviceId: ORDER_SIGN_SERVICE, iss: client.iss, item: accepted });
    expect(records[1]?.item.overrideReason?.reason?.code).toBe('rationale-documented');
    expect(await harness.feedbackStore.count()).toBe(2);
  });

  it('also accepts a token whose aud is the service URL', async () => {
    const res = await send({ feedback: [overridden] }, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
    expect(res.status).toBe(200);
  });

  it('400 when accepted feedback has no acceptedSuggestions, and stores nothing', async () => {
    const { acceptedSuggestions: _omit, ...withoutSuggestions } = accepted;
    const res = await send({ feedback: [withoutSuggestions] });
    expect(res.status).toBe(400);
    expect(res.body.issue[0].diagnostics).toMatch(/^feedback\[0\]\.acceptedSuggestions: is required/);
    expect(await harness.feedbackStore.count()).toBe(0);
  });

  it('400 for an unknown outcome, a missing timestamp, or an empty list', async () => {
    expect((await send({ feedback: [{ ...overridden, outcome: 'ignored' }] })).status).toBe(400);
    const { outcomeTimestamp: _omit, ...noTime } = overridden;
    const res = await send({ feedback: [noTime] });
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({
      code: 'required',
      expression: ['feedback[0].outcomeTimestamp'],
    });
    expect((await send({ feedback: [] })).status).toBe(400);
    expect((await send({ feedback: [{ ...overridden, outcomeTimestamp: 'yesterday' }] })).status).toBe(400);
  });

  it('401 without a JWT and 404 for an unknown service', async () => {
    await request(harness.app)
      .post(FEEDBACK_PATH)
      .send({ feedback: [overridden] })
      .expect(401);
    await request(harness.app)
      .post('/cds-services/nope/feedback')
      .send({ feedback: [overridden] })
      .expect(404);
    expect(await harness.feedbackStore.count()).toBe(0);
  });
});
