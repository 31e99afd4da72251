/**
 * CRD rules on a call sequence, over signed HTTP: resp-29/35 (no coverage-information update unless something is
 * new or changed: an order-sign whose draft already carries the same assertion gets none) and dev-24/25 (a card
 * about some of the orders of the call names its order and carries davinci-crd.associated-resource).
 */
import type { Extension, ServiceRequest } from 'fhir/r4.js';
import request from 'supertest';
import {
  kneeXrayServiceRequest,
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  spectServiceRequest,
  TEST_FHIR_SERVER,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const COVERAGE_INFO_URL = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';

let client: TestClient;
let harness: TestApp;
beforeAll(async () => {
  client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
  harness = buildTestApp(testConfig([client]));
});

async function post(serviceId: string, body: object) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  const res = await request(harness.app)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body);
  expect(res.status).toBe(200);
  return res.body as {
    cards: Array<{ detail: string; extension: Record<string, unknown> }>;
    systemActions?: Array<{ resource: ServiceRequest }>;
  };
}

/** A surgical-planning SPECT on a spondylosis chart: investigational, the same answer on both hooks. */
const investigationalDraft = () =>
  spectServiceRequest({ note: [{ text: 'Surgical planning for lumbar fusion' }] });
const spondylosisPrefetch = () => ({
  ...osteomyelitisPrefetch(),
  conditions: searchset([
    {
      resourceType: 'Condition',
      id: 'c-spondylosis',
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M47.816' }] },
      subject: { reference: 'Patient/pat-1' },
    },
  ]),
});

const coverageInfoOf = (resource: ServiceRequest): Extension[] =>
  (resource.extension ?? []).filter((e) => e.url === COVERAGE_INFO_URL);

describe('resp-35: no update unless something is new or changed', () => {
  it('order-select, the EHR applies the update, order-sign with the same answer: no second update', async () => {
    const selected = await post(
      ORDER_SELECT_SERVICE,
      orderSelectBody({ draftOrders: [investigationalDraft()], prefetch: spondylosisPrefetch() }),
    );
    const updated = selected.systemActions![0]!.resource;
    expect(coverageInfoOf(updated)).toHaveLength(1);
    const signed = await post(
      ORDER_SIGN_SERVICE,
      orderSignBody({ draftOrders: [updated], prefetch: spondylosisPrefetch() }),
    );
    expect(signed.cards.length).toBeGreaterThan(0);
    expect(signed.systemActions).toBeUndefined();
  });

  it('order-select then order-sign where signing adds the documentation request: the update comes, replacing the old assertion', async () => {
    const selected = await post(ORDER_SELECT_SERVICE, orderSelectBody({ prefetch: osteomyelitisPrefetch() }));
    const updated = selected.systemActions![0]!.resource;
    const signed = await post(
      ORDER_SIGN_SERVICE,
      orderSignBody({ draftOrders: [updated], prefetch: osteomyelitisPrefetch() }),
    );
    const resigned = signed.systemActions![0]!.resource;
    const [assertion] = coverageInfoOf(resigned);
    expect(coverageInfoOf(resigned)).toHaveLength(1);
    expect(assertion!.extension!.find((e) => e.url === 'doc-needed')?.valueCode).toBe('clinical');
    // Signed again with that assertion on the order: nothing new, no update.
    const again = await post(
      ORDER_SIGN_SERVICE,
      orderSignBody({ draftOrders: [resigned], prefetch: osteomyelitisPrefetch() }),
    );
    expect(again.systemActions).toBeUndefined();
  });

  it('the same order on a chart that changed: the update comes', async () => {
    const first = await post(
      ORDER_SIGN_SERVICE,
      orderSignBody({ draftOrders: [investigationalDraft()], prefetch: spondylosisPrefetch() }),
    );
    const withAssertion = first.systemActions![0]!.resource;
    const changed = await post(
      ORDER_SIGN_SERVICE,
      orderSignBody({ draftOrders: [{ ...withAssertion, note: [] }], prefetch: spondylosisPrefetch() }),
    );
    expect(changed.systemActions).toHaveLength(1);
  });
});

describe('dev-24/25: cards about some of the orders', () => {
  it('a SPECT signed with a knee X-ray: the card names the SPECT in words and references it', async () => {
    const signed = await post(
      ORDER_SIGN_SERVICE,
      orderSignBody({
        draftOrders: [spectServiceRequest(), kneeXrayServiceRequest()],
        prefetch: osteomyelitisPrefetch(),
      }),
    );
    expect(signed.cards.length).toBeGreaterThan(0);
    for (const card of signed.cards) {
      expect(card.extension['davinci-crd.associated-resource']).toEqual([
        { reference: 'ServiceRequest/spect-1' },
      ]);
      expect(card.detail).toMatch(/SPECT\/CT lumbar spine/);
    }
  });
});
