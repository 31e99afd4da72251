/**
 * Explicit JSON nulls for absent optional fields, as Java serializers write them (the CRD reference
 * implementation's Jackson-serialized request objects carry `"fhirAuthorization": null`, `"prefetch": null`,
 * `"encounterId": null`, `"extension": null` ...). Null reads as absent on every optional field of every hook and
 * of feedback; a null where a value is required is still a 400 naming the field.
 */
import nock from 'nock';
import request from 'supertest';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  spectServiceRequest,
  TEST_FHIR_SERVER,
  testPatient,
  vertebralOsteomyelitis,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, recordAnsweredCards, type TestApp } from '../support/test-app.js';

let client: TestClient;
let harness: TestApp;

beforeAll(async () => {
  client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
  harness = buildTestApp(testConfig([client]));
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

async function post(path: string, body: unknown) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}${path}`);
  return request(harness.app)
    .post(path)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body as object);
}

/** A draft ServiceRequest as a Java FHIR-less serializer writes it: every optional field the policy reads is null. */
function draftWithNulls() {
  return {
    ...spectServiceRequest(),
    reasonCode: null,
    reasonReference: null,
    note: null,
    patientInstruction: null,
    intent: null,
  };
}

/** The envelope nulls a Jackson-serialized request carries, on top of a body. */
function withEnvelopeNulls<T extends { context: Record<string, unknown> }>(body: T) {
  return { ...body, extension: null, context: { ...body.context, encounterId: null } };
}

describe('null reads as absent (Java-serializer-shaped bodies)', () => {
  it('order-sign: fhirServer, fhirAuthorization, extension, encounterId and draft fields null, full prefetch: 200 with coverage information', async () => {
    const body = withEnvelopeNulls({
      ...orderSignBody({ draftOrders: [draftWithNulls() as never], prefetch: osteomyelitisPrefetch() }),
      fhirServer: null,
      fhirAuthorization: null,
    });
    const res = await post(`/cds-services/${ORDER_SIGN_SERVICE}`, body);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.cards)).toMatch(/M46\.26/);
    expect(res.body.systemActions).toHaveLength(1);
  });

  it('order-select: the same nulls, selections given: 200 with the card', async () => {
    const body = withEnvelopeNulls({
      ...orderSelectBody({ draftOrders: [draftWithNulls() as never], prefetch: osteomyelitisPrefetch() }),
      fhirServer: null,
      fhirAuthorization: null,
    });
    const res = await post(`/cds-services/${ORDER_SELECT_SERVICE}`, body);
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
  });

  it('prefetch: null with a fhirServer and token, and null token members: the service queries the FHIR server', async () => {
    const ehr = nock(new URL(TEST_FHIR_SERVER).origin)
      .persist()
      .get(() => true)
      .reply((uri) => {
        if (uri.includes('/Patient/')) return [200, testPatient()];
        if (uri.includes('/Condition')) return [200, searchset([vertebralOsteomyelitis()])];
        if (uri.includes('/Coverage')) return [200, osteomyelitisPrefetch(['coverage']).coverage];
        return [200, searchset([])];
      });
    const sent = orderSignBody();
    const body = withEnvelopeNulls({
      ...sent,
      prefetch: null,
      fhirAuthorization: {
        ...sent.fhirAuthorization,
        scope: null,
        subject: null,
        patient: null,
        expires_in: null,
      },
    });
    const res = await post(`/cds-services/${ORDER_SIGN_SERVICE}`, body);
    expect(res.status).toBe(200);
    expect(ehr.isDone()).toBe(true);
    expect(JSON.stringify(res.body.cards)).toMatch(/M46\.26/);
  });

  it('a codeable concept with null members inside a draft (coding: null, text: null) is read as absent', async () => {
    const draft = {
      ...spectServiceRequest(),
      reasonCode: [{ coding: null, text: null }],
      requester: { reference: 'Practitioner/prac-1', display: null },
    };
    const res = await post(
      `/cds-services/${ORDER_SIGN_SERVICE}`,
      orderSignBody({ draftOrders: [draft as never], prefetch: osteomyelitisPrefetch() }),
    );
    expect(res.status).toBe(200);
  });

  it('feedback: acceptedSuggestions null on an override, reason and userComment null: 200 and stored', async () => {
    // Feedback is accepted only for a card answered to this client.
    await recordAnsweredCards(harness, client.iss, ORDER_SIGN_SERVICE, [
      '2a6f1d9c-1f3e-4c5b-9c8d-7e6f5a4b3c2d',
    ]);
    const res = await post(`/cds-services/${ORDER_SIGN_SERVICE}/feedback`, {
      feedback: [
        {
          card: '2a6f1d9c-1f3e-4c5b-9c8d-7e6f5a4b3c2d',
          outcome: 'overridden',
          acceptedSuggestions: null,
          overrideReason: { reason: null, userComment: null },
          outcomeTimestamp: '2026-09-01T10:16:00Z',
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(await harness.feedbackStore.count()).toBe(1);
  });

  it('a null where a value is required is still a 400 naming the field', async () => {
    const body = orderSignBody({ prefetch: osteomyelitisPrefetch() });
    const res = await post(`/cds-services/${ORDER_SIGN_SERVICE}`, {
      ...body,
      context: { ...body.context, patientId: null },
    });
    expect(res.status).toBe(400);
    expect(res.body.issue[0].expression).toEqual(['context.patientId']);
  });
});
