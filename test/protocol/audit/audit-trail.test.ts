/**
 * The audit trail over HTTP: every authenticated hook call leaves one record with what identifies it and what was
 * decided; a 200 only after its record is stored; never a token or chart content; unauthenticated calls leave none;
 * a store that cannot be written turns the answer into a 503 rather than an unrecorded 200.
 */
import request from 'supertest';
import { DETERMINATION_EXTENSION_KEY } from '../../../src/cards/determination-extension.js';
import { buildFeedbackReport } from '../../../src/cli/feedback-report.js';
import type { HookCallRecord } from '../../../src/protocol/audit/hook-call-record.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import {
  kneeXrayServiceRequest,
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  spectServiceRequest,
  TEST_ACCESS_TOKEN,
  TEST_PATIENT_ID,
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

let client: TestClient;
let harness: TestApp;
let store: SqliteStore;
let lastJwt: string;

beforeAll(async () => {
  client = await createTestClient();
});
beforeEach(() => {
  store = new SqliteStore({ filename: ':memory:' });
  harness = buildTestApp(testConfig([client]), { store });
});
afterEach(() => store.close());

async function call(serviceId: string, body: object, auth = true) {
  lastJwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  const req = request(harness.app).post(`/cds-services/${serviceId}`);
  return (auth ? req.set('Authorization', `Bearer ${lastJwt}`) : req).send(body);
}

/** Failed calls are recorded after their answer is sent: wait for the record to land. */
async function recordsEventually(count: number): Promise<HookCallRecord[]> {
  for (let i = 0; i < 100; i += 1) {
    const records = await store.listHookCalls();
    if (records.length >= count) return records;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return store.listHookCalls();
}

describe('a call answered 200', () => {
  it('is stored before the answer, with the caller, patient, orders, determination, card uuids and timings', async () => {
    const body = orderSignBody({
      prefetch: osteomyelitisPrefetch(),
      draftOrders: [spectServiceRequest(), kneeXrayServiceRequest()],
    });
    const res = await call(ORDER_SIGN_SERVICE, body);
    expect(res.status).toBe(200);

    // No waiting: the record was committed before the response was written.
    const records = await store.listHookCalls();
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record).toMatchObject({
      requestId: res.headers['x-request-id'],
      serviceId: ORDER_SIGN_SERVICE,
      hook: 'order-sign',
      hookInstance: body.hookInstance,
      iss: client.iss,
      patientId: TEST_PATIENT_ID,
      orderIds: ['ServiceRequest/spect-1', 'ServiceRequest/xr-knee-1'],
      status: 200,
    });
    expect(record.determinations).toEqual([
      {
        order: 'ServiceRequest/spect-1',
        policyVersion: expect.any(String),
        outcome: expect.stringMatching(/^(meets-criteria|needs-documentation)$/),
        criteriaMet: ['infection'],
        findings: expect.any(Array),
      },
    ]);
    const answeredUuids = (res.body.cards as { uuid: string }[]).map((card) => card.uuid);
    expect(answeredUuids.length).toBeGreaterThan(0);
    expect(record.cardUuids).toEqual(answeredUuids);
    expect(record.cardKinds).toHaveLength(answeredUuids.length);
    expect(record.totalMs).toBeGreaterThan(0);
    expect(record.gatherMs).toBeGreaterThanOrEqual(0);
    expect(record.gatherMs!).toBeLessThanOrEqual(record.totalMs);
    expect(Date.parse(record.receivedAt)).not.toBeNaN();
  });

  it('keeps no token and no chart content: only ids and the determination', async () => {
    await call(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: osteomyelitisPrefetch() }));
    const raw = JSON.stringify(store.database.prepare('SELECT * FROM hook_calls').all());
    expect(raw).toContain(TEST_PATIENT_ID);
    expect(raw).not.toContain(TEST_ACCESS_TOKEN);
    expect(raw).not.toContain(lastJwt);
    expect(raw).not.toContain(lastJwt.split('.')[2]!);
    // The condition that met the criterion is named by the criterion id, not by its code or text.
    expect(raw).not.toMatch(/M46\.26|steomyelitis|1961-04-12/);
  });

  it('is stored for order-select, and when no order is in scope (no determination, no cards)', async () => {
    await call(ORDER_SELECT_SERVICE, orderSelectBody({ prefetch: osteomyelitisPrefetch() }));
    const res = await call(ORDER_SIGN_SERVICE, orderSignBody({ draftOrders: [kneeXrayServiceRequest()] }));
    expect(res.body).toEqual({ cards: [] });
    const [select, outOfScope] = await store.listHookCalls();
    expect(select).toMatchObject({ serviceId: ORDER_SELECT_SERVICE, hook: 'order-select', status: 200 });
    expect(outOfScope).toMatchObject({
      orderIds: ['ServiceRequest/xr-knee-1'],
      determinations: [],
      cardUuids: [],
      status: 200,
    });
    expect(outOfScope?.gatherMs).toBeUndefined();
  });
});

/**
 * Lumbar avascular necrosis with no prior imaging at all: one needs-documentation determination with two findings,
 * missing-prior-imaging (CRD topic "guideline") and missing-prior-mri ("therapy-alternatives-req"), one card each.
 */
function noPriorImagingPrefetch(): Record<string, unknown> {
  const necrosis = vertebralOsteomyelitis({
    id: 'cond-avn-1',
    code: {
      coding: [
        {
          system: 'http://hl7.org/fhir/sid/icd-10-cm',
          code: 'M87.08',
          display: 'Aseptic necrosis, other site',
        },
      ],
    },
    bodySite: [{ coding: [{ system: 'http://snomed.info/sct', code: '122496007' }] }],
  });
  return { ...osteomyelitisPrefetch(), conditions: searchset([necrosis]) };
}

type AnsweredCard = { uuid: string; source: { topic: { code: string } }; extension: Record<string, unknown> };

describe('the kind of each card answered', () => {
  it('is stored parallel to the card uuids, as the cards themselves say', async () => {
    const res = await call(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: noPriorImagingPrefetch() }));
    expect(res.status).toBe(200);
    const cards = res.body.cards as AnsweredCard[];
    const [record] = await store.listHookCalls();
    expect(record!.cardUuids).toEqual(cards.map((card) => card.uuid));
    expect(record!.cardKinds).toEqual(['missing-prior-imaging', 'missing-prior-mri']);
    expect(cards.map((card) => card.source.topic.code)).toEqual(['guideline', 'therapy-alternatives-req']);
    expect(cards.every((card) => card.extension[DETERMINATION_EXTENSION_KEY])).toBe(true);
  });

  it('stays exact when the EHR switched a card type off, and the report attributes its feedback', async () => {
    const res = await call(
      ORDER_SIGN_SERVICE,
      orderSignBody({
        prefetch: noPriorImagingPrefetch(),
        extra: { extension: { 'davinci-crd.configuration': { guideline: false } } },
      }),
    );
    expect(res.status).toBe(200);
    const cards = res.body.cards as AnsweredCard[];
    // Only the MRI card is left: by its position it would pass for the first finding (missing-prior-imaging).
    expect(cards.map((card) => card.source.topic.code)).toEqual(['therapy-alternatives-req']);
    const [record] = await store.listHookCalls();
    expect(record!.cardKinds).toEqual(['missing-prior-mri']);
    const report = buildFeedbackReport(await store.listHookCalls(), [
      {
        serviceId: ORDER_SIGN_SERVICE,
        iss: client.iss,
        receivedAt: '2026-09-01T10:01:00.000Z',
        item: { card: cards[0]!.uuid, outcome: 'accepted', outcomeTimestamp: '2026-09-01T10:01:00Z' },
      },
    ]);
    expect(report.kinds).toEqual([
      { kind: 'missing-prior-mri', shown: 1, accepted: 1, overridden: 0, overrideReasons: [] },
    ]);
  });
});

describe('a call not answered 200', () => {
  it('is stored with its status once answered: 412 with what was known, 400 with what could be read', async () => {
    const unavailable = orderSignBody({ fhirServer: null });
    expect((await call(ORDER_SIGN_SERVICE, unavailable)).status).toBe(412);
    const invalid = { ...orderSignBody(), context: { patientId: 42 } };
    expect((await call(ORDER_SIGN_SERVICE, invalid)).status).toBe(400);

    const [precondition, badRequest] = await recordsEventually(2);
    expect(precondition).toMatchObject({
      status: 412,
      hookInstance: unavailable.hookInstance,
      patientId: TEST_PATIENT_ID,
      orderIds: ['ServiceRequest/spect-1'],
      determinations: [],
      iss: client.iss,
    });
    expect(precondition?.gatherMs).toBeGreaterThanOrEqual(0);
    expect(badRequest).toMatchObject({ status: 400, hookInstance: invalid.hookInstance, orderIds: [] });
    expect(badRequest?.patientId).toBeUndefined();
  });

  it('is not stored when the caller is not authenticated', async () => {
    expect((await call(ORDER_SIGN_SERVICE, orderSignBody(), false)).status).toBe(401);
    const bad = await request(harness.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', 'Bearer not.a.jwt')
      .send(orderSignBody());
    expect(bad.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await store.countHookCalls()).toBe(0);
  });
});

describe('when the audit trail cannot be written', () => {
  it('answers 503 with an OperationOutcome instead of an unrecorded 200, naming no internals', async () => {
    await store.close();
    const res = await call(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: osteomyelitisPrefetch() }));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'exception' }] });
    expect(JSON.stringify(res.body)).not.toMatch(/database|sqlite/i);
    expect(harness.logs.text).toMatch(/audit write failed/);
  });
});
