/** One hook call end to end through the real layers: scope, prefetch, FHIR queries, 412, SSRF guard, CRD config. */
import nock from 'nock';
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
  TEST_ACCESS_TOKEN,
  TEST_FHIR_SERVER,
  testPatient,
  vertebralOsteomyelitis,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const COVERAGE_INFO_URL = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
let client: TestClient;
let harness: TestApp;
/**
 * Every outbound request nock saw that no interceptor matched, except supertest's own calls to the app on
 * 127.0.0.1: must stay empty for the SSRF guard (and such requests fail anyway: net connect is disabled).
 */
let unmatched: string[];
const onNoMatch = (req: { href?: string; path?: string; hostname?: string }) => {
  const target = String(req.href ?? req.path);
  if (!target.startsWith('http://127.0.0.1:')) unmatched.push(target);
};

beforeAll(async () => {
  client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
  harness = buildTestApp(testConfig([client]));
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock.emitter.on('no match', onNoMatch);
});
beforeEach(() => {
  unmatched = [];
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.emitter.removeListener('no match', onNoMatch);
  nock.enableNetConnect();
  // nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
  nock.restore();
});

async function call(serviceId: string, body: object) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  return request(harness.app)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body);
}

describe('order-sign', () => {
  it('answers cards and a coverage-information system action from prefetch alone', async () => {
    const res = await call(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: osteomyelitisPrefetch() }));
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
    for (const card of res.body.cards) {
      expect(card.source.label).toBe('Blue Cross VT');
      expect(['info', 'warning', 'critical']).toContain(card.indicator);
    }
    const [action] = res.body.systemActions;
    expect(action.type).toBe('update');
    expect(action.resource).toMatchObject({ resourceType: 'ServiceRequest', id: 'spect-1' });
    expect(action.resource.extension.map((e: { url: string }) => e.url)).toContain(COVERAGE_INFO_URL);
    expect(unmatched).toEqual([]);
  });

  it('answers {"cards": []} at once when no draft is a spine SPECT, without prefetch or FHIR access', async () => {
    const res = await call(ORDER_SIGN_SERVICE, orderSignBody({ draftOrders: [kneeXrayServiceRequest()] }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
    expect(unmatched).toEqual([]);
  });

  it('queries the registered FHIR server with the access token for what prefetch lacks', async () => {
    const seen: string[] = [];
    const fhir = nock(TEST_FHIR_SERVER)
      .persist()
      .get(() => true)
      .reply(function (uri) {
        seen.push(uri);
        expect(this.req.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
        const path = uri.replace(new URL(TEST_FHIR_SERVER).pathname, '');
        if (path.startsWith('/Patient/')) return [200, testPatient()];
        if (path.startsWith('/Condition')) return [200, searchset([vertebralOsteomyelitis()])];
        if (path.startsWith('/Coverage')) return [200, osteomyelitisPrefetch(['coverage']).coverage];
        return [200, searchset([])];
      });
    const res = await call(ORDER_SIGN_SERVICE, orderSignBody());
    expect(res.status).toBe(200);
    expect(fhir.isDone()).toBe(true);
    expect(seen.some((uri) => uri.includes('/Condition?'))).toBe(true);
    expect(JSON.stringify(res.body.cards)).toMatch(/M46\.26/);
  });

  it('412 with an OperationOutcome when prefetch is missing and there is no fhirServer', async () => {
    const res = await call(ORDER_SIGN_SERVICE, orderSignBody({ fhirServer: null }));
    expect(res.status).toBe(412);
    expect(res.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'incomplete' }],
    });
    expect(res.body.issue[0].diagnostics).toMatch(/Prefetch .* missing/);
  });

  it('never contacts a fhirServer outside the client allowlist (SSRF guard): 412, no request made', async () => {
    const res = await call(
      ORDER_SIGN_SERVICE,
      orderSignBody({ fhirServer: 'http://169.254.169.254/latest/meta-data' }),
    );
    expect(res.status).toBe(412);
    expect(res.body.issue[0].diagnostics).toMatch(/not one of this client's configured FHIR servers/);
    expect(unmatched).toEqual([]);
  });

  it('uses prefetch and records a gap, but still contacts nothing, when a foreign fhirServer comes with full prefetch', async () => {
    const res = await call(
      ORDER_SIGN_SERVICE,
      orderSignBody({ fhirServer: 'https://internal.evil.example/fhir', prefetch: osteomyelitisPrefetch() }),
    );
    expect(res.status).toBe(200);
    expect(unmatched).toEqual([]);
  });

  it('obeys davinci-crd.configuration: coverage-info off drops the system action; max-cards caps the cards', async () => {
    const off = await call(
      ORDER_SIGN_SERVICE,
      orderSignBody({
        prefetch: osteomyelitisPrefetch(),
        extra: { extension: { 'davinci-crd.configuration': { 'coverage-info': false } } },
      }),
    );
    expect(off.status).toBe(200);
    expect(off.body.systemActions).toBeUndefined();
    expect(
      off.body.cards.every(
        (c: { source: { topic?: { code?: string } } }) => c.source.topic?.code !== 'coverage-info',
      ),
    ).toBe(true);
    const capped = await call(
      ORDER_SIGN_SERVICE,
      orderSignBody({
        prefetch: osteomyelitisPrefetch(),
        extra: {
          extension: { 'davinci-crd.configuration': { 'max-cards': 0, 'unknown-option': 'ignored' } },
        },
      }),
    );
    expect(capped.status).toBe(200);
    expect(capped.body.cards).toEqual([]);
    expect(capped.body.systemActions.length).toBe(1);
  });
});

describe('order-select', () => {
  it('advises on the selected spine SPECT', async () => {
    const res = await call(ORDER_SELECT_SERVICE, orderSelectBody({ prefetch: osteomyelitisPrefetch() }));
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
  });

  it('answers no cards when only a non-SPECT draft is selected, without touching FHIR', async () => {
    const res = await call(
      ORDER_SELECT_SERVICE,
      orderSelectBody({
        draftOrders: [spectServiceRequest(), kneeXrayServiceRequest()],
        selections: ['ServiceRequest/xr-knee-1'],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
    expect(unmatched).toEqual([]);
  });
});
