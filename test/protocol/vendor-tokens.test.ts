/**
 * Signed calls shaped as real clients sign them, over HTTP, and the log reason when a key cannot be found:
 *
 * - the CDS Hooks sandbox (cds-hooks/sandbox jwt-generator.js): ES384, a UUID kid, `jku` its own public JWKS,
 *   5-minute tokens;
 * - Epic (its public CDS Hooks tutorial): RS384, `iss` the organisation's FHIR endpoint, `jku` under that FHIR base,
 *   a base64 kid with `+`, `/` and `=`, `nbf` five minutes before `iat`, 900 s tokens;
 * - Oracle Health (fhir.cerner.com cds_hooks.md): tokens whose `jku` is one of an allow-list that rotates.
 *
 * The JWKS URLs answer through nock; nothing leaves the process.
 */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import {
  clientRegistration,
  createTestClient,
  signHookJwt,
  TEST_BASE_URL,
  type TestClient,
  testConfig,
} from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const HOOK_PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
const HOOK_URL = `${TEST_BASE_URL}${HOOK_PATH}`;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

async function call(app: TestApp, token: string) {
  return request(app.app)
    .post(HOOK_PATH)
    .set('Authorization', `Bearer ${token}`)
    .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
}

/** The reason logged for the last 401. */
function lastReason(app: TestApp): string {
  const rejected = app.logs.entries().filter((entry) => entry.status === 401);
  return String(rejected.at(-1)?.reason ?? '');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('the CDS Hooks sandbox', () => {
  const ISS = 'https://sandbox.cds-hooks.org';
  const JKU = 'https://sandbox.cds-hooks.org/.well-known/jwks.json';
  let sandbox: TestClient;
  beforeAll(async () => {
    sandbox = await createTestClient({ iss: ISS, alg: 'ES384', kid: '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f' });
  });
  const token = () => signHookJwt(sandbox, HOOK_URL, { header: { jku: JKU } });

  it('registered with its JWKS URL: the key is fetched from the jku and the call answered', async () => {
    const app = buildTestApp(testConfig([clientRegistration(sandbox, { jwksUri: JKU })]));
    const jwks = nock('https://sandbox.cds-hooks.org').get('/.well-known/jwks.json').reply(200, sandbox.jwks);
    expect((await call(app, await token())).status).toBe(200);
    expect(jwks.isDone()).toBe(true);
  });

  it('registered with a copy of its JWKS inline and the jku listed: no fetch at all', async () => {
    const app = buildTestApp(testConfig([clientRegistration(sandbox, { jku: [JKU] })]));
    expect((await call(app, await token())).status).toBe(200);
  });

  it('the jku cannot be fetched: 401, and the log says the fetch failed and how', async () => {
    const app = buildTestApp(testConfig([clientRegistration(sandbox, { jwksUri: JKU })]));
    nock('https://sandbox.cds-hooks.org').get('/.well-known/jwks.json').reply(503, 'down');
    expect((await call(app, await token())).status).toBe(401);
    expect(lastReason(app)).toBe(`JWT rejected: jku ${JKU}: the JWKS fetch failed (answered HTTP 503)`);
  });

  it('the jku not registered: 401, never fetched, and the log says so', async () => {
    const app = buildTestApp(
      testConfig([clientRegistration(sandbox, { jwksUri: 'https://elsewhere.test.example/jwks.json' })]),
    );
    const jwks = nock('https://sandbox.cds-hooks.org').get('/.well-known/jwks.json').reply(200, sandbox.jwks);
    expect((await call(app, await token())).status).toBe(401);
    expect(jwks.isDone()).toBe(false);
    expect(lastReason(app)).toMatch(
      /jku https:\/\/sandbox\.cds-hooks\.org\/\.well-known\/jwks\.json is not registered .*not fetched/,
    );
  });

  it('the kid not in the fetched JWKS: 401, and the log names the kid and the JWKS', async () => {
    const app = buildTestApp(testConfig([clientRegistration(sandbox, { jwksUri: JKU })]));
    nock('https://sandbox.cds-hooks.org').get('/.well-known/jwks.json').reply(200, { keys: [] });
    expect((await call(app, await token())).status).toBe(401);
    expect(lastReason(app)).toMatch(
      /kid "44823f3d-[^"]+" is not in the JWKS at jku https:\/\/sandbox\.cds-hooks\.org/,
    );
  });
});

describe('Epic-shaped tokens', () => {
  const FHIR_BASE = 'https://fhir.epic-org.test.example/interconnect-fhir-oauth/api/FHIR/R4';
  const JKU = `${FHIR_BASE}/.well-known/jwks.json`;
  // A base64 (not base64url) kid, as Epic's are: +, / and = included.
  const KID = 'q0Xv+7dUq2/Tn1LrD9kI3w==';

  it('RS384, jku under the FHIR base, base64 kid, nbf before iat, a 900 s token: answered', async () => {
    const epic = await createTestClient({ iss: FHIR_BASE, alg: 'RS384', kid: KID, fhirServers: [FHIR_BASE] });
    const app = buildTestApp(testConfig([clientRegistration(epic, { jwksUri: JKU })]));
    const jwks = nock('https://fhir.epic-org.test.example')
      .get('/interconnect-fhir-oauth/api/FHIR/R4/.well-known/jwks.json')
      .reply(200, epic.jwks);
    const iat = nowSeconds();
    const token = await signHookJwt(epic, HOOK_URL, {
      header: { jku: JKU },
      claims: { iat, nbf: iat - 300, exp: iat + 900, sub: 'epic-client-id', jti: randomUUID() },
    });
    const res = await call(app, token);
    expect(res.status).toBe(200);
    expect(jwks.isDone()).toBe(true);
  });
});

describe('Oracle Health-shaped tokens: an allow-list of jkus that rotates', () => {
  const ISS = 'https://cds-hooks.cerner.test.example';
  const JKU_A = 'https://authorization.cerner.test.example/jwk/2026-10';
  const JKU_B = 'https://authorization.cerner.test.example/jwk/2026-11';

  it('each listed jku serves its own key; a token naming a listed jku is answered, an unlisted one is refused unfetched', async () => {
    const october = await createTestClient({ iss: ISS, alg: 'RS384', kid: 'oct-key' });
    const november = await createTestClient({ iss: ISS, alg: 'RS384', kid: 'nov-key' });
    const registration = clientRegistration(october, { jku: [JKU_A, JKU_B] });
    delete registration.jwks;
    const app = buildTestApp(testConfig([registration]));
    const keys = nock('https://authorization.cerner.test.example')
      .get('/jwk/2026-10')
      .reply(200, october.jwks)
      .get('/jwk/2026-11')
      .reply(200, november.jwks);

    expect((await call(app, await signHookJwt(october, HOOK_URL, { header: { jku: JKU_A } }))).status).toBe(
      200,
    );
    // The rotation: the next month's key, published at the next URL of the list.
    expect((await call(app, await signHookJwt(november, HOOK_URL, { header: { jku: JKU_B } }))).status).toBe(
      200,
    );
    expect(keys.isDone()).toBe(true);

    const unlisted = 'https://authorization.cerner.test.example/jwk/2026-12';
    const never = nock('https://authorization.cerner.test.example')
      .get('/jwk/2026-12')
      .reply(200, november.jwks);
    expect(
      (await call(app, await signHookJwt(november, HOOK_URL, { header: { jku: unlisted } }))).status,
    ).toBe(401);
    expect(never.isDone()).toBe(false);
    expect(lastReason(app)).toMatch(
      /jku https:\/\/authorization\.cerner\.test\.example\/jwk\/2026-12 is not registered/,
    );
  });

  it('a key signed for one jku is not accepted under another listed jku', async () => {
    const october = await createTestClient({ iss: ISS, alg: 'RS384', kid: 'oct-key' });
    const november = await createTestClient({ iss: ISS, alg: 'RS384', kid: 'nov-key' });
    const registration = clientRegistration(october, { jku: [JKU_A, JKU_B] });
    delete registration.jwks;
    const app = buildTestApp(testConfig([registration]));
    nock('https://authorization.cerner.test.example').get('/jwk/2026-11').reply(200, november.jwks);
    const res = await call(app, await signHookJwt(october, HOOK_URL, { header: { jku: JKU_B } }));
    expect(res.status).toBe(401);
    expect(lastReason(app)).toMatch(
      /kid "oct-key" is not in the JWKS at jku https:\/\/authorization\.cerner\.test\.example\/jwk\/2026-11 \(1 key;/,
    );
  });
});
