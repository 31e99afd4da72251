/**
 * The demo EHR's signing identity: a key pair made at start-up and held only in memory, registered as the one
 * client demo mode trusts. A restart makes a new key, so a token minted for one demo run is worthless to the next,
 * and no configuration file ever holds a key that only the demo uses.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { ClientConfig } from '../config.js';

export const DEMO_ISSUER = 'urn:spect-spine-cds:demo-ehr';
const ALG = 'ES384';
/** A hook JWT lives for minutes at most (CDS Hooks); the page asks for a fresh one per call. */
const LIFETIME_SECONDS = 300;

export interface DemoClient {
  /** The registration to add to the service's clients (public key inline, FHIR servers it may name). */
  client: ClientConfig;
  /** Sign a hook (or feedback) JWT for `aud`, as an EHR does for every call. */
  sign(aud: string): Promise<string>;
}

export async function createDemoClient(fhirServers: readonly string[]): Promise<DemoClient> {
  const kid = `demo-${randomUUID()}`;
  const { privateKey, publicKey } = await generateKeyPair(ALG);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  const client: ClientConfig = {
    iss: DEMO_ISSUER,
    name: 'Embedded demo EHR',
    jwks: { keys: [publicJwk as JWK & { kty: string }] },
    jku: [],
    fhirServers: [...fhirServers],
  };
  return {
    client,
    sign: (aud) =>
      new SignJWT({})
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setIssuer(DEMO_ISSUER)
        .setSubject('demo-ehr-client')
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime(`${LIFETIME_SECONDS}s`)
        .setJti(randomUUID())
        .sign(privateKey),
  };
}
