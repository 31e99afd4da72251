/**
 * Test helpers for CDS Hooks client authentication: a registered EHR client with a fresh key pair, and
 * JWT signing with per-test overrides so every rejection path (alg none, wrong aud, replayed jti...) can be built.
 * Shared by the protocol and acceptance tests.
 */
import { randomUUID } from 'node:crypto';
import { base64url, type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { type ClientConfig, configSchema, type ServiceConfig } from '../../src/config.js';
import { TEST_PAYER_IDENTIFIER } from './payer.js';

export const TEST_BASE_URL = 'https://cds.test.example';

/** Asymmetric algorithms a test client can sign with (CDS Hooks recommends ES384/RS384). */
export type TestAlg = 'ES384' | 'RS384' | 'ES256' | 'RS256' | 'PS256';

export interface TestClient {
  iss: string;
  kid: string;
  alg: TestAlg;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The public JWKS to register with the service (inline or served at a jwksUri). */
  jwks: { keys: JWK[] };
  /** FHIR servers this client may send as fhirServer. */
  fhirServers: string[];
}

export interface TestClientOptions {
  iss?: string;
  kid?: string;
  alg?: TestAlg;
  fhirServers?: string[];
}

export async function createTestClient(options: TestClientOptions = {}): Promise<TestClient> {
  const alg = options.alg ?? 'ES384';
  const kid = options.kid ?? `key-${randomUUID()}`;
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return {
    iss: options.iss ?? `https://ehr-${randomUUID().slice(0, 8)}.test.example`,
    kid,
    alg,
    privateKey,
    publicJwk,
    jwks: { keys: [publicJwk] },
    fhirServers: options.fhirServers ?? ['https://fhir.test.example/r4'],
  };
}

export interface JwtOverrides {
  /** Header fields to add or replace (alg, kid, typ, jku). A value of undefined removes the field. */
  header?: Record<string, unknown>;
  /** Claims to add or replace (iss, aud, exp, iat, jti, tenant). A value of undefined removes the claim. */
  claims?: Record<string, unknown>;
  /** Sign with this key instead of the client's own (e.g. an unregistered key). */
  signingKey?: CryptoKey;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** A CDS Hooks client JWT for `aud` (the exact service URL called), valid for 5 minutes. */
export async function signHookJwt(
  client: TestClient,
  aud: string,
  overrides: JwtOverrides = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = withoutUndefined({
    iss: client.iss,
    aud,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    ...overrides.claims,
  });
  const header = withoutUndefined({ alg: client.alg, kid: client.kid, typ: 'JWT', ...overrides.header });
  return new SignJWT(claims)
    .setProtectedHeader(header as { alg: string })
    .sign(overrides.signingKey ?? client.privateKey);
}

/** An unsigned token (`alg: none`), which the service must refuse. */
export function unsignedJwt(client: TestClient, aud: string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => base64url.encode(JSON.stringify(value));
  const header = { alg: 'none', kid: client.kid, typ: 'JWT' };
  const claims = { iss: client.iss, aud, iat: now, exp: now + 300, jti: randomUUID() };
  return `${encode(header)}.${encode(claims)}.`;
}

/** An HMAC-signed token (HS256 with a shared secret), which the service must refuse. */
export async function hmacJwt(
  client: TestClient,
  aud: string,
  secret = 'a-shared-secret-of-32-bytes-long!',
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: client.iss, aud, iat: now, exp: now + 300, jti: randomUUID() })
    .setProtectedHeader({ alg: 'HS256', kid: client.kid, typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** The client registration the service holds for a test client: inline JWKS unless a jwksUri is given. */
export function clientRegistration(client: TestClient, extra: Partial<ClientConfig> = {}): ClientConfig {
  return {
    iss: client.iss,
    jwks: extra.jwksUri ? undefined : (client.jwks as ClientConfig['jwks']),
    jku: [],
    fhirServers: client.fhirServers,
    ...extra,
  };
}

function isTestClient(client: TestClient | ClientConfig): client is TestClient {
  return 'privateKey' in client;
}

/** A full, validated service config registering the given clients (test clients or raw registrations). */
export function testConfig(
  clients: Array<TestClient | ClientConfig> = [],
  overrides: Record<string, unknown> = {},
): ServiceConfig {
  return configSchema.parse({
    baseUrl: TEST_BASE_URL,
    clients: clients.map((c) => (isTestClient(c) ? clientRegistration(c) : c)),
    payer: { identifiers: [TEST_PAYER_IDENTIFIER] },
    ...overrides,
  });
}
