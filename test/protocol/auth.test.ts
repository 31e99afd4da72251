import { generateKeyPair } from 'jose';
import request from 'supertest';
import { isLoopbackAddress } from '../../src/protocol/auth/caller.js';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import {
  clientRegistration,
  createTestClient,
  hmacJwt,
  signHookJwt,
  TEST_BASE_URL,
  type TestClient,
  testConfig,
  unsignedJwt,
} from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const HOOK_URL = `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`;
let client: TestClient;
let harness: TestApp;

beforeAll(async () => {
  client = await createTestClient({ alg: 'ES384' });
  harness = buildTestApp(testConfig([client]));
});

function callWith(authorization: string | undefined, app = harness.app) {
  const req = request(app).post(`/cds-services/${ORDER_SIGN_SERVICE}`);
  if (authorization !== undefined) req.set('Authorization', authorization);
  return req.send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
}

async function expectRejected(token: string, reason: RegExp, app: TestApp = harness): Promise<void> {
  const res = await callWith(`Bearer ${token}`, app.app).expect(401);
  expect(res.body).toEqual({});
  const line = app.logs.entries().find((entry) => entry.status === 401 && reason.test(String(entry.reason)));
  expect(line).toBeDefined();
  // The token itself is never logged.
  expect(app.logs.text).not.toContain(token);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('JWT verification on hook calls', () => {
  it('accepts a valid ES384 token for the exact service URL', async () => {
    await callWith(`Bearer ${await signHookJwt(client, HOOK_URL)}`).expect(200);
  });

  it('accepts RS384, RS256 and PS256 clients', async () => {
    for (const alg of ['RS384', 'RS256', 'PS256'] as const) {
      const other = await createTestClient({ alg });
      const app = buildTestApp(testConfig([other]));
      await callWith(`Bearer ${await signHookJwt(other, HOOK_URL)}`, app.app).expect(200);
    }
  });

  it('401 {} without an Authorization header', async () => {
    const res = await callWith(undefined).expect(401);
    expect(res.body).toEqual({});
  });

  it('401 for a non-Bearer scheme', async () => {
    await callWith(`Basic ${Buffer.from('a:b').toString('base64')}`).expect(401);
  });

  it('401 for garbage instead of a JWT', async () => {
    await expectRejected('not.a.jwt', /well-formed/);
  });

  it('401 for alg none', async () => {
    await expectRejected(unsignedJwt(client, HOOK_URL), /alg none/);
  });

  it('401 for an HMAC-signed token', async () => {
    await expectRejected(await hmacJwt(client, HOOK_URL), /alg HS256/);
  });

  it('401 for a token signed by a key the client never registered (same kid)', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    await expectRejected(await signHookJwt(client, HOOK_URL, { signingKey: privateKey }), /signature/);
  });

  it('401 for an unknown kid', async () => {
    await expectRejected(
      await signHookJwt(client, HOOK_URL, { header: { kid: 'other-kid' } }),
      /kid "other-kid" is not among the keys registered inline/,
    );
  });

  it('401 without a kid', async () => {
    await expectRejected(
      await signHookJwt(client, HOOK_URL, { header: { kid: undefined } }),
      /kid is missing/,
    );
  });

  it('401 for a typ other than JWT', async () => {
    await expectRejected(await signHookJwt(client, HOOK_URL, { header: { typ: 'at+jwt' } }), /typ/);
  });

  it('401 for an unregistered issuer', async () => {
    const stranger = await createTestClient();
    await expectRejected(await signHookJwt(stranger, HOOK_URL), /not a registered client/);
  });

  it('401 for the wrong aud (another service, discovery, a bare base URL)', async () => {
    for (const aud of [
      `${TEST_BASE_URL}/cds-services/spect-spine-order-select`,
      `${TEST_BASE_URL}/cds-services`,
      TEST_BASE_URL,
      `${HOOK_URL}/feedback`,
    ]) {
      await expectRejected(await signHookJwt(client, aud), /aud/);
    }
  });

  it('401 for an expired token, 200 within the allowed clock skew', async () => {
    const expired = { iat: nowSeconds() - 600, exp: nowSeconds() - 120 };
    await expectRejected(await signHookJwt(client, HOOK_URL, { claims: expired }), /exp/);
    const justExpired = { iat: nowSeconds() - 600, exp: nowSeconds() - 30 };
    await callWith(`Bearer ${await signHookJwt(client, HOOK_URL, { claims: justExpired })}`).expect(200);
  });

  it('401 when exp, iat or jti is missing', async () => {
    await expectRejected(await signHookJwt(client, HOOK_URL, { claims: { exp: undefined } }), /exp/);
    await expectRejected(await signHookJwt(client, HOOK_URL, { claims: { iat: undefined } }), /iat/);
    await expectRejected(await signHookJwt(client, HOOK_URL, { claims: { jti: undefined } }), /jti/);
  });

  it('401 for an iat in the future', async () => {
    const claims = { iat: nowSeconds() + 3600, exp: nowSeconds() + 3900 };
    await expectRejected(await signHookJwt(client, HOOK_URL, { claims }), /iat/);
  });

  it('401 when a jti is replayed', async () => {
    const token = await signHookJwt(client, HOOK_URL);
    await callWith(`Bearer ${token}`).expect(200);
    await expectRejected(token, /already used/);
  });

  it('401 for a jku the registry does not list for the client, without fetching it', async () => {
    let fetches = 0;
    const app = buildTestApp(testConfig([client]), {
      jwksFetch: async () => {
        fetches += 1;
        return client.jwks;
      },
    });
    const token = await signHookJwt(client, HOOK_URL, {
      header: { jku: 'https://attacker.example/jwks.json' },
    });
    await expectRejected(token, /jku .* is not registered/, app);
    expect(fetches).toBe(0);
  });

  it('uses a jku the registry lists for the client', async () => {
    const jku = 'https://ehr.example/keys/jwks.json';
    const fetched: string[] = [];
    const app = buildTestApp(testConfig([clientRegistration(client, { jwks: undefined, jku: [jku] })]), {
      jwksFetch: async (url) => {
        fetched.push(url);
        return client.jwks;
      },
    });
    const token = await signHookJwt(client, HOOK_URL, { header: { jku } });
    await callWith(`Bearer ${token}`, app.app).expect(200);
    expect(fetched).toEqual([jku]);
  });

  it('checks the tenant claim when the client registers tenants', async () => {
    const app = buildTestApp(testConfig([clientRegistration(client, { tenants: ['hospital-a'] })]));
    await expectRejected(await signHookJwt(client, HOOK_URL), /tenant/, app);
    const ok = await signHookJwt(client, HOOK_URL, { claims: { tenant: 'hospital-a' } });
    await callWith(`Bearer ${ok}`, app.app).expect(200);
  });
});

describe('development switch: unsigned calls from loopback', () => {
  it('is off by default', async () => {
    await callWith(undefined).expect(401);
  });

  it('accepts an unsigned call from loopback, warning at start and on the call', async () => {
    const app = buildTestApp(testConfig([], { allowUnsignedLoopback: true }));
    expect(app.logs.text).toMatch(/DEVELOPMENT MODE/);
    const res = await callWith(undefined, app.app).expect(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
    expect(
      app.logs.entries().some((e) => e.level === 40 && /UNSIGNED call accepted/.test(String(e.msg))),
    ).toBe(true);
  });

  it('still rejects a bad token when one is sent', async () => {
    const app = buildTestApp(testConfig([], { allowUnsignedLoopback: true }));
    await callWith('Bearer not.a.jwt', app.app).expect(401);
  });

  it('recognises loopback addresses only', () => {
    expect(['127.0.0.1', '127.10.0.3', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(
      ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.127', 'fe80::1', '', undefined].some(isLoopbackAddress),
    ).toBe(false);
  });
});
