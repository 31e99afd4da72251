/**
 * CRD hook-13 over signed HTTP: the service answers only for members of the payer it is configured as. Request
 * bodies are shaped as the CRD IG's order-sign example is (Bundle entries with absolute fullUrls, absolute
 * subject/requester references, a searchset Coverage whose payor is a literal reference to an Organization).
 */
import type { Coverage, FhirResource } from 'fhir/r4.js';
import nock from 'nock';
import request from 'supertest';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  spectServiceRequest,
  TEST_FHIR_SERVER,
  TEST_PATIENT_ID,
} from '../support/hook-request.js';
import {
  clientRegistration,
  createTestClient,
  signHookJwt,
  TEST_BASE_URL,
  type TestClient,
  testConfig,
} from '../support/jwt.js';
import { TEST_PAYER_IDENTIFIER } from '../support/payer.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const COVERAGE_INFO_URL = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
const EHR = TEST_FHIR_SERVER;
const EHR_ORIGIN = new URL(EHR).origin;

let client: TestClient;
let strict: TestApp;
let lenient: TestApp;

beforeAll(async () => {
  client = await createTestClient({ fhirServers: [EHR] });
  const registration = clientRegistration(client, { payerOrganizations: ['Organization/bcvt-in-this-ehr'] });
  strict = buildTestApp(testConfig([registration]));
  lenient = buildTestApp(
    testConfig([registration], {
      payer: { identifiers: [TEST_PAYER_IDENTIFIER], withoutCoverage: 'cards' },
    }),
  );
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

/** The IG example's draft shape: an entry with an absolute fullUrl, absolute references inside. */
function igShapedDraft() {
  return spectServiceRequest({
    id: '1357',
    subject: { reference: `${EHR}/Patient/${TEST_PATIENT_ID}` },
    requester: { reference: `${EHR}/PractitionerRole/ABC`, display: 'Dr. Jones' },
  });
}

function coverageWith(payor: Coverage['payor'], extra: Record<string, unknown> = {}): Coverage {
  return {
    resourceType: 'Coverage',
    id: 'COV1',
    status: 'active',
    subscriberId: '888009335',
    beneficiary: { reference: `${EHR}/Patient/${TEST_PATIENT_ID}` },
    payor,
    ...extra,
  };
}

function body(coverages: FhirResource[] | null, options: { fhirServer?: string | null } = {}) {
  const prefetch = osteomyelitisPrefetch();
  if (coverages === null) delete prefetch.coverage;
  else prefetch.coverage = searchset(coverages);
  const sent = orderSignBody({ draftOrders: [igShapedDraft()], prefetch, ...options });
  const bundle = sent.context.draftOrders as { entry: Array<{ fullUrl?: string }> };
  bundle.entry[0]!.fullUrl = `${EHR}/ServiceRequest/1357`;
  return sent;
}

async function sign(app: TestApp, sent: object) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  return request(app.app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(sent);
}

function coverageReferenceOf(res: request.Response): string | undefined {
  const ext = res.body.systemActions?.[0]?.resource?.extension?.find(
    (e: { url: string }) => e.url === COVERAGE_INFO_URL,
  );
  return ext?.extension?.find((e: { url: string }) => e.url === 'coverage')?.valueReference?.reference;
}

function expectRefused(res: request.Response, status: number, code: string, diagnostics: RegExp) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code }] });
  expect(res.body.issue[0].diagnostics).toMatch(diagnostics);
}

describe('the payer is told by identifier (CRD hook-13)', () => {
  it("another payer's member, as in the IG example (payor: a reference to Acme Health Plan), is refused with 400", async () => {
    const acme = nock(EHR_ORIGIN)
      .get('/r4/Organization/acme-payer')
      .reply(200, {
        resourceType: 'Organization',
        id: 'acme-payer',
        identifier: [{ system: 'urn:oid:2.16.840.1.113883.6.300', value: '12345' }],
        name: 'Acme Health Plan',
      });
    const res = await sign(
      strict,
      body([coverageWith([{ reference: `${EHR}/Organization/acme-payer`, display: 'Acme Health Plan' }])]),
    );
    expectRefused(res, 400, 'business-rule', /Coverage\/COV1\.payor: identifies another payer.*hook-13/);
    expect(res.body.systemActions).toBeUndefined();
    expect(acme.isDone()).toBe(true);
  });

  it('a payor Organization read from the FHIR server with our identifier: coverage information on Coverage/COV1', async () => {
    const read = nock(EHR_ORIGIN)
      .get('/r4/Organization/payer-7')
      .reply(200, {
        resourceType: 'Organization',
        id: 'payer-7',
        identifier: [{ ...TEST_PAYER_IDENTIFIER }],
      });
    const res = await sign(strict, body([coverageWith([{ reference: 'Organization/payer-7' }])]));
    expect(res.status).toBe(200);
    expect(coverageReferenceOf(res)).toBe('Coverage/COV1');
    expect(read.isDone()).toBe(true);
  });

  it("the EHR's configured reference to our Organization needs no read", async () => {
    const res = await sign(
      strict,
      body([coverageWith([{ reference: `${EHR}/Organization/bcvt-in-this-ehr` }])]),
    );
    expect(res.status).toBe(200);
    expect(coverageReferenceOf(res)).toBe('Coverage/COV1');
  });

  it('a contained payor Organization with our identifier', async () => {
    const coverage = coverageWith([{ reference: '#payer' }], {
      contained: [{ resourceType: 'Organization', id: 'payer', identifier: [{ ...TEST_PAYER_IDENTIFIER }] }],
    });
    const res = await sign(strict, body([coverage]));
    expect(res.status).toBe(200);
    expect(coverageReferenceOf(res)).toBe('Coverage/COV1');
  });

  it('a payor named only by display, even our own name, is refused: a name is not an identifier', async () => {
    const res = await sign(strict, body([coverageWith([{ display: 'Blue Cross VT' }])]));
    expectRefused(res, 400, 'business-rule', /has no payer identifier/);
  });

  it('an Organization outside the fhirServer cannot be read, so its payor has no identifier: 400, nothing contacted', async () => {
    const res = await sign(
      strict,
      body([coverageWith([{ reference: 'http://example.org/someEHR/fhir/Organization/acme-payer' }])]),
    );
    expectRefused(res, 400, 'business-rule', /has no payer identifier/);
  });

  it('the payor Organization cannot be read (server error): the answer degrades to cards, no coverage information', async () => {
    nock(EHR_ORIGIN).get('/r4/Organization/payer-7').reply(500, {});
    const res = await sign(strict, body([coverageWith([{ reference: 'Organization/payer-7' }])]));
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
    expect(res.body.systemActions).toBeUndefined();
  });

  it('the Coverage query fails (the EHR answers 503): cards, no coverage information', async () => {
    nock(EHR_ORIGIN)
      .get(/\/r4\/Coverage/)
      .reply(503, {});
    const res = await sign(strict, body(null));
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
    expect(res.body.systemActions).toBeUndefined();
  });

  it('several Coverages in force: 400 multiple-matches, even when one is ours', async () => {
    const ours = coverageWith([{ identifier: { ...TEST_PAYER_IDENTIFIER } }]);
    const res = await sign(strict, body([ours, { ...ours, id: 'COV2' }]));
    expectRefused(res, 400, 'multiple-matches', /2 Coverages in force/);
  });
});

describe('calls without Coverage (config payer.withoutCoverage)', () => {
  it('reject (default): no Coverage in force is 400 not-found', async () => {
    const res = await sign(strict, body([]));
    expectRefused(res, 400, 'not-found', /no Coverage in force/);
  });

  it('reject (default): the coverage key missing and no FHIR server to ask is 412', async () => {
    const res = await sign(strict, body(null, { fhirServer: null }));
    expectRefused(res, 412, 'incomplete', /Coverage: could not be read/);
  });

  it('cards: the policy cards come, without a coverage-information system action', async () => {
    for (const sent of [body([]), body(null, { fhirServer: null })]) {
      const res = await sign(lenient, sent);
      expect(res.status).toBe(200);
      expect(res.body.cards.length).toBeGreaterThan(0);
      expect(res.body.systemActions).toBeUndefined();
    }
  });

  it("cards: another payer's member is still refused", async () => {
    const res = await sign(
      lenient,
      body([coverageWith([{ identifier: { system: 'urn:x', value: 'other' } }])]),
    );
    expectRefused(res, 400, 'business-rule', /another payer/);
  });
});
