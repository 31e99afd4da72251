/**
 * The soak's traffic: a steady mix of what an EHR sends. Each kind says what answer is correct, so "no errors"
 * means every call got exactly its expected status (never a 5xx, a reset or a timeout).
 */
import { randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { BENCH_PAYER_IDENTIFIER } from '../charts.js';

export const SIGN = 'spect-spine-order-sign';
export const SELECT = 'spect-spine-order-select';
const CPT = 'http://www.ama-assn.org/go/cpt';
const SNOMED = 'http://snomed.info/sct';

export interface SoakClient {
  iss: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSoakClient(): Promise<SoakClient> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = 'soak-key';
  return {
    iss: 'https://ehr-soak.example',
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' },
  };
}

export async function token(client: SoakClient, aud: string, jti = randomUUID()): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: client.iss, aud, iat: now, exp: now + 300, jti })
    .setProtectedHeader({ alg: 'ES384', kid: client.kid, typ: 'JWT' })
    .sign(client.privateKey);
}

function spect(id: string, patientId: string) {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    code: { coding: [{ system: CPT, code: '78830' }] },
    bodySite: [{ coding: [{ system: SNOMED, code: '122496007' }] }],
    subject: { reference: `Patient/${patientId}` },
    authoredOn: '2026-09-01',
  };
}

function searchset(resources: unknown[]) {
  return { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) };
}

function fullPrefetch(patientId: string) {
  return {
    patient: { resourceType: 'Patient', id: patientId },
    coverage: searchset([
      {
        resourceType: 'Coverage',
        id: `cov-${patientId}`,
        status: 'active',
        beneficiary: { reference: `Patient/${patientId}` },
        payor: [{ identifier: { ...BENCH_PAYER_IDENTIFIER }, display: 'Blue Cross VT' }],
      },
    ]),
    conditions: searchset([
      {
        resourceType: 'Condition',
        id: `c-${patientId}`,
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
        },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M46.26' }] },
        subject: { reference: `Patient/${patientId}` },
      },
    ]),
    procedures: searchset([]),
    imagingStudies: searchset([]),
    serviceRequests: searchset([]),
  };
}

export interface Call {
  kind: string;
  path: string;
  /** Audience of the token; undefined for an unauthenticated call. */
  aud?: string;
  body: unknown;
  expect: number;
}

/**
 * One call of the mix, chosen by `n` (the call's sequence number) so every run sends the same mix. Patients are
 * many (distinct ids), so per-patient caches are filled and must stay bounded.
 */
export function nextCall(
  n: number,
  baseUrl: string,
  ehr: { healthy: string; down: string },
  /** A card uuid an earlier answer gave this client; feedback about any other card is refused (404). */
  answeredCard?: string,
): Call {
  const patientId = `soak-${n % 5000}`;
  const hookInstance = randomUUID();
  const auth = (fhirServer: string) => ({
    fhirServer,
    fhirAuthorization: {
      access_token: 'soak-ehr-token',
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'patient/*.read',
      subject: 'soak',
    },
  });
  const draftOrders = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [{ resource: spect(`spect-${n}`, patientId) }],
  };
  const sign = (extra: Record<string, unknown>) => ({
    hook: 'order-sign',
    hookInstance,
    context: { userId: 'Practitioner/soak', patientId, draftOrders },
    ...extra,
  });
  const at = (service: string) => `/cds-services/${service}`;
  const aud = (service: string) => `${baseUrl}${at(service)}`;
  const slot = n % 20;
  if (slot < 10) {
    return {
      kind: 'sign, full prefetch',
      path: at(SIGN),
      aud: aud(SIGN),
      body: sign({ prefetch: fullPrefetch(patientId) }),
      expect: 200,
    };
  }
  if (slot < 14) {
    return {
      kind: 'sign, FHIR queries',
      path: at(SIGN),
      aud: aud(SIGN),
      body: sign(auth(ehr.healthy)),
      expect: 200,
    };
  }
  if (slot === 14) {
    return {
      kind: 'sign, EHR down',
      path: at(SIGN),
      aud: aud(SIGN),
      body: sign({ ...auth(ehr.down), prefetch: { patient: { resourceType: 'Patient', id: patientId } } }),
      expect: 200,
    };
  }
  if (slot < 17) {
    return {
      kind: 'select',
      path: at(SELECT),
      aud: aud(SELECT),
      body: {
        hook: 'order-select',
        hookInstance,
        context: {
          userId: 'Practitioner/soak',
          patientId,
          selections: [`ServiceRequest/spect-${n}`],
          draftOrders,
        },
        prefetch: fullPrefetch(patientId),
      },
      expect: 200,
    };
  }
  if (slot === 17) {
    const path = `${at(SIGN)}/feedback`;
    return {
      kind: answeredCard ? 'feedback' : 'feedback, no card answered yet',
      path,
      aud: `${baseUrl}${path}`,
      body: {
        feedback: [
          {
            card: answeredCard ?? randomUUID(),
            outcome: 'overridden',
            outcomeTimestamp: new Date().toISOString(),
          },
        ],
      },
      expect: answeredCard ? 200 : 404,
    };
  }
  if (slot === 18)
    return {
      kind: 'invalid body',
      path: at(SIGN),
      aud: aud(SIGN),
      body: { hook: 'order-sign', context: 42 },
      expect: 400,
    };
  return { kind: 'no token', path: at(SIGN), body: sign({}), expect: 401 };
}
