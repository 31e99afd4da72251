/**
 * order-select `selections` in the forms EHRs send: "ResourceType/id" (the hook library's form), the bare id, and
 * the Bundle entry's fullUrl (an absolute URL as in the CRD IG examples, or a urn:uuid). A selection that names no
 * draft is logged and gets no card: the service never guesses which order was meant.
 */
import type { Bundle } from 'fhir/r4.js';
import request from 'supertest';
import { matchSelections } from '../../src/protocol/selections.js';
import {
  kneeXrayServiceRequest,
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
  spectServiceRequest,
  TEST_FHIR_SERVER,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('matchSelections', () => {
  const drafts = [
    {
      resourceType: 'ServiceRequest',
      id: '1357',
      fullUrl: 'http://example.org/someEHR/fhir/ServiceRequest/1357',
    },
    { resourceType: 'ServiceRequest', id: 'abc', fullUrl: 'urn:uuid:0b8f1b54-7e1f-4c41-9d6b-0d3c0e6f9a11' },
    { resourceType: 'ServiceRequest', id: 'shared' },
    { resourceType: 'MedicationRequest', id: 'shared' },
  ];

  test.each([
    ['ServiceRequest/1357', ['ServiceRequest/1357']],
    ['1357', ['ServiceRequest/1357']],
    ['  ServiceRequest/1357 ', ['ServiceRequest/1357']],
    ['http://example.org/someEHR/fhir/ServiceRequest/1357', ['ServiceRequest/1357']],
    ['urn:uuid:0b8f1b54-7e1f-4c41-9d6b-0d3c0e6f9a11', ['ServiceRequest/abc']],
    ['https://ehr.example/fhir/ServiceRequest/shared/_history/3', ['ServiceRequest/shared']],
  ])('%s names %j', (selection, references) => {
    expect(matchSelections([selection], drafts)).toEqual({ references, unmatched: [] });
  });

  test('names nothing: another id, a bare id two drafts share, another type, a URL of another id or another base', () => {
    const selections = [
      'ServiceRequest/9999',
      'shared',
      'MedicationRequest/1357',
      'http://x.example/ServiceRequest/42',
    ];
    expect(matchSelections(selections, drafts)).toEqual({ references: [], unmatched: selections });
  });

  test("keeps the drafts' order and names each draft once", () => {
    const result = matchSelections(['abc', 'ServiceRequest/1357', 'ServiceRequest/abc'], drafts);
    expect(result.references).toEqual(['ServiceRequest/1357', 'ServiceRequest/abc']);
  });
});

describe('order-select over signed HTTP', () => {
  let client: TestClient;
  let harness: TestApp;
  beforeAll(async () => {
    client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
    harness = buildTestApp(testConfig([client]));
  });

  /** An IG-shaped order-select: entries with absolute fullUrls, the SPECT beside a knee X-ray. */
  function body(
    selections: string[],
    fullUrls = [
      `${TEST_FHIR_SERVER}/ServiceRequest/spect-1`,
      'urn:uuid:5a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    ],
  ) {
    const sent = orderSelectBody({
      draftOrders: [spectServiceRequest(), kneeXrayServiceRequest()],
      prefetch: osteomyelitisPrefetch(),
      selections,
    });
    const bundle = sent.context.draftOrders as Bundle;
    bundle.entry!.forEach((entry, i) => {
      entry.fullUrl = fullUrls[i];
    });
    return sent;
  }

  async function select(sent: object) {
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SELECT_SERVICE}`);
    return request(harness.app)
      .post(`/cds-services/${ORDER_SELECT_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`)
      .send(sent);
  }

  function cardOrders(res: request.Response): string[] {
    return res.body.cards.map(
      (card: { extension?: Record<string, { order?: string }> }) =>
        Object.values(card.extension ?? {}).find((value) => value?.order)?.order,
    );
  }

  test.each([
    ['its fullUrl', `${TEST_FHIR_SERVER}/ServiceRequest/spect-1`],
    ['its bare id', 'spect-1'],
    ['ResourceType/id', 'ServiceRequest/spect-1'],
  ])('the SPECT selected by %s gets its card', async (_form, selection) => {
    const res = await select(body([selection]));
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
    expect(new Set(cardOrders(res))).toEqual(new Set(['ServiceRequest/spect-1']));
  });

  test('a selection naming no draft: no card, and a warning naming the selection', async () => {
    const before = harness.logs.lines.length;
    const res = await select(body([`${TEST_FHIR_SERVER}/ServiceRequest/not-in-this-call`]));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
    const warning = harness.logs
      .entries()
      .slice(before)
      .find((entry) => entry.msg === 'order-select selections name no draft order; they get no card');
    expect(warning).toMatchObject({
      level: 40,
      unmatchedSelections: [`${TEST_FHIR_SERVER}/ServiceRequest/not-in-this-call`],
      draftOrders: ['ServiceRequest/spect-1', 'ServiceRequest/xr-knee-1'],
    });
  });

  test('only the knee X-ray selected (by its urn:uuid fullUrl): the SPECT beside it is context, no card', async () => {
    const res = await select(body(['urn:uuid:5a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d']));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
  });
});

describe('a draft without an id, named by its entry fullUrl (order-sign and order-select)', () => {
  let client: TestClient;
  let harness: TestApp;
  beforeAll(async () => {
    client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
    harness = buildTestApp(testConfig([client]));
  });

  async function post(serviceId: string, body: object) {
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
    return request(harness.app)
      .post(`/cds-services/${serviceId}`)
      .set('Authorization', `Bearer ${jwt}`)
      .send(body);
  }

  function bodyWith(fullUrl: string | undefined, hook: 'order-sign' | 'order-select') {
    const { id: _id, ...draft } = spectServiceRequest();
    const build = hook === 'order-sign' ? orderSignBody : orderSelectBody;
    const sent = build({
      draftOrders: [draft as never],
      prefetch: osteomyelitisPrefetch(),
      selections: fullUrl ? [fullUrl] : [],
    });
    const entry = (sent.context.draftOrders as Bundle).entry![0]!;
    if (fullUrl) entry.fullUrl = fullUrl;
    return sent;
  }

  test.each([
    ['urn:uuid:7d1c0c4e-2f43-4b8e-9a51-3c2b1e0f9d8a', '7d1c0c4e-2f43-4b8e-9a51-3c2b1e0f9d8a'],
    [`${TEST_FHIR_SERVER}/ServiceRequest/sr-77`, 'sr-77'],
  ])(
    'order-sign: %s is evaluated as ServiceRequest/%s, and the coverage information updates it',
    async (fullUrl, id) => {
      const res = await post(ORDER_SIGN_SERVICE, bodyWith(fullUrl, 'order-sign'));
      expect(res.status).toBe(200);
      expect(res.body.cards.length).toBeGreaterThan(0);
      expect(res.body.systemActions[0].resource.id).toBe(id);
    },
  );

  test('order-select: selected by that fullUrl, it gets its card', async () => {
    const res = await post(
      ORDER_SELECT_SERVICE,
      bodyWith('urn:uuid:7d1c0c4e-2f43-4b8e-9a51-3c2b1e0f9d8a', 'order-select'),
    );
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
  });

  test.each([
    ['no fullUrl', undefined],
    ['a fullUrl naming another resource type', `${TEST_FHIR_SERVER}/MedicationRequest/m1`],
    ['a fullUrl that is not a URL of a resource', 'urn:oid:1.2.3'],
  ])('%s: still 400 naming the missing id', async (_label, fullUrl) => {
    const res = await post(ORDER_SIGN_SERVICE, bodyWith(fullUrl, 'order-sign'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/context\.draftOrders\.entry\[0\]\.resource\.id/);
  });
});
