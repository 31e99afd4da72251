/**
 * Service configuration: the zod schema is the single source of truth for the config file's shape
 * (docs/configuration.md documents it). Unknown keys are tolerated so one file can serve several versions.
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { ACCEPTED_ALGORITHMS, isAcceptedAlgorithm } from './protocol/auth/algorithms.js';

/** Only http(s): a javascript:, file: or ftp: URL in a config file is a mistake, never a setting. */
const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** What a template's "fill this in" looks like: REPLACE_WITH_..., CHANGE_ME, <your key here>. */
const PLACEHOLDER = /REPLACE_WITH|CHANGE_?ME|<[^<>]*>/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** RSA keys shorter than this are refused (NIST SP 800-131A); EC keys are P-256, P-384 or P-521 by construction. */
const MIN_RSA_BITS = 2048;

/**
 * An inline public key must be one a hook JWT could be verified with: it parses as a public JWK (never a private
 * one: a `d` would mean the EHR's signing secret sits in our config), of a type an accepted algorithm uses, with
 * that algorithm if it names one. A key that does not parse would only fail later, at the first call, as a 401.
 */
const jwkSchema = z.looseObject({ kty: z.string(), alg: z.string().optional() }).superRefine((jwk, ctx) => {
  for (const [field, value] of Object.entries(jwk)) {
    if (typeof value === 'string' && isPlaceholder(value)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is a placeholder ("${value.slice(0, 40)}")` });
      return;
    }
  }
  if ('d' in jwk) {
    ctx.addIssue({ code: 'custom', message: 'is a private key (has "d"); register the public key only' });
    return;
  }
  if (jwk.alg !== undefined && !isAcceptedAlgorithm(jwk.alg)) {
    ctx.addIssue({
      code: 'custom',
      path: ['alg'],
      message: `must be one of ${ACCEPTED_ALGORITHMS.join(', ')} (got ${jwk.alg})`,
    });
    return;
  }
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `does not parse as a public key: ${(error as Error).message}` });
    return;
  }
  const type = key.asymmetricKeyType;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (type === 'rsa' && bits < MIN_RSA_BITS) {
    ctx.addIssue({
      code: 'custom',
      message: `is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`,
    });
  } else if (type !== 'rsa' && type !== 'ec') {
    ctx.addIssue({
      code: 'custom',
      message: `is an ${type} key; the accepted algorithms verify with EC or RSA keys only`,
    });
  } else if (jwk.alg && (jwk.alg.startsWith('ES') ? type !== 'ec' : type !== 'rsa')) {
    ctx.addIssue({
      code: 'custom',
      path: ['alg'],
      message: `${jwk.alg} does not fit an ${type.toUpperCase()} key`,
    });
  }
});

/** A token bucket: a steady rate, and a burst a client may spend at once after being quiet. */
export const rateLimitSchema = z.object({
  requestsPerSecond: z.number().positive().max(100_000),
  burst: z.number().int().positive().max(1_000_000),
});

export const clientSchema = z.looseObject({
  /** The JWT `iss` this EHR signs hook calls with. */
  iss: z.string().min(1),
  /** Inline public keys. */
  jwks: z.looseObject({ keys: z.array(jwkSchema) }).optional(),
  /** Where this client's public keys are published; fetched, cached and refreshed on an unknown `kid`. */
  jwksUri: httpUrl().optional(),
  /** `jku` header values this client may use; a `jku` outside this list (and not equal to jwksUri) is rejected. */
  jku: z.array(httpUrl()).default([]),
  /** FHIR base URLs this client may send as `fhirServer`; any other is never contacted (SSRF guard). */
  fhirServers: z.array(httpUrl()).default([]),
  /** Optional `tenant` claim values accepted from this client. */
  tenants: z.array(z.string()).optional(),
  /** Display name for logs. */
  name: z.string().optional(),
  /** This client's own rate limit, replacing the service-wide `rateLimit` (e.g. a large health system). */
  rateLimit: rateLimitSchema.optional(),
  /**
   * References to the payer's Organization on this EHR's FHIR server ("Organization/123" or absolute): a
   * Coverage.payor naming one of these is this payer's, without reading the Organization (CRD hook-13).
   */
  payerOrganizations: z.array(z.string().min(1)).optional(),
});

/** An Organization identifier of the payer (e.g. NAIC company code, X12 payer id): system and value, exact. */
export const payerIdentifierSchema = z.object({ system: z.string().min(1), value: z.string().min(1) });

/** Who this payer is, so that calls for another payer's member are refused (CRD hook-13). */
export const payerSchema = z.object({
  identifiers: z.array(payerIdentifierSchema).default([]),
  /**
   * A call whose data holds no Coverage in force: "reject" answers 400 (CRD hook-13); "cards" answers the policy
   * cards without the coverage-information system action, for EHRs that cannot share Coverage yet.
   */
  withoutCoverage: z.enum(['reject', 'cards']).default('reject'),
});

export const configSchema = z.looseObject({
  /** This service's public base URL (no trailing slash); the JWT `aud` must equal `${baseUrl}/cds-services/...`. */
  baseUrl: httpUrl().transform((u) => u.replace(/\/+$/, '')),
  clients: z.array(clientSchema).default([]),
  /** Insurer name shown as card source.label (CRD: the insurer on the member's card). */
  insurerName: z.string().min(1).default('Blue Cross VT'),
  /** The payer's identity: Coverage.payor must name it (CRD hook-13). */
  payer: payerSchema.default({ identifiers: [], withoutCoverage: 'reject' }),
  /** Public URL of the medical policy, linked from every card. */
  policyUrl: httpUrl().default(
    'https://www.bluecrossvt.org/documents/spect-ct-imaging-evaluation-spine-corporate-medical-policy',
  ),
  /** Budget for gathering data from the EHR's FHIR server, per hook call (ms). */
  fhirTimeoutMs: z.number().int().positive().max(30000).default(4000),
  /** Spine SPECT orders evaluated per hook call at most; more is a 400 (one call must not block the event loop). */
  maxOrdersPerCall: z.number().int().positive().max(1000).default(50),
  /** Draft ServiceRequests read per hook call that has a spine SPECT order at most (each is checked against it). */
  maxDraftOrdersPerCall: z.number().int().positive().max(100_000).default(500),
  /** Bytes one hook call may read from FHIR servers across all its queries (decompressed); the rest becomes a gap. */
  maxBytesPerCall: z
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /** Upper bound on pages followed per FHIR search (next links). */
  maxPages: z.number().int().positive().max(100).default(5),
  /** Consecutive failed hook calls to one FHIR server that open its circuit (calls stop contacting it). */
  fhirCircuitFailures: z.number().int().positive().max(1000).default(5),
  /** How long an open circuit stays open before one trial call is let through (seconds). */
  fhirCircuitCooldownSeconds: z.number().int().positive().max(3600).default(30),
  /** Hook and feedback calls per registered client (JWT iss); beyond it the answer is 429 with Retry-After. */
  rateLimit: rateLimitSchema.default({ requestsPerSecond: 50, burst: 100 }),
  /** Slow clients: the whole request head must arrive within this (ms). */
  headersTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
  /** Slow clients: the whole request (head and body) must arrive within this (ms). */
  requestTimeoutMs: z.number().int().positive().max(300_000).default(30_000),
  /** On SIGTERM, in-flight calls get this long to finish before connections are closed (ms). */
  shutdownGraceMs: z.number().int().nonnegative().max(120_000).default(10_000),
  /**
   * Ignored (accepted so that existing config files still load; the service warns at start-up). The simultaneous-
   * ordering window is policy data now (policy/<id>/policy.json `windows`), so one policy version gives one answer
   * on every deployment.
   */
  simultaneousWindowDays: z.number().int().nonnegative().max(365).optional(),
  /** Allowed clock skew for JWT exp/iat/nbf (seconds). */
  clockSkewSeconds: z.number().int().nonnegative().max(600).default(60),
  /** Longest hook-JWT lifetime accepted, exp - iat, before the clock skew is added (seconds; Epic issues 900). */
  maxTokenLifetimeSeconds: z.number().int().positive().max(3600).default(900),
  /** JWT ids remembered per process for replay checks; when all are unexpired, new tokens get 503 + Retry-After. */
  replayCacheMaxEntries: z.number().int().positive().max(10_000_000).default(250_000),
  /** Minimum time between two fetches of one client's JWKS URL, however many unknown kids arrive (seconds). */
  jwksMinRefreshSeconds: z.number().int().positive().max(86400).default(60),
  /** A fetched JWKS is reused for this long before it is fetched again (seconds). */
  jwksCacheSeconds: z.number().int().positive().max(604800).default(3600),
  /**
   * What the service read from an EHR's FHIR server is reused this long for the same client and patient (an
   * order-select, then the order-sign); 0 turns the cache off (seconds).
   */
  factCacheSeconds: z.number().int().nonnegative().max(3600).default(60),
  /** Upper bound on FHIR resources held by the fact cache across all patients (least recently used dropped). */
  factCacheMaxResources: z.number().int().positive().max(10_000_000).default(20_000),
  /** Serve GET /metrics on this port (same host) instead of the service's port, e.g. one only Prometheus reaches. */
  metricsPort: z.number().int().min(1).max(65535).optional(),
  /** Browser origins allowed by CORS; "*" allows any (no credentials are used). */
  corsOrigins: z.array(z.string()).default(['*']),
  /** Development only: accept unsigned hook calls from loopback. Logged loudly at start-up. */
  allowUnsignedLoopback: z.boolean().default(false),
  /** Folder for the embedded SQLite store (audit trail and feedback); created on first start. Unused with DATABASE_URL. */
  dataDir: z.string().min(1).default('./data'),
  /** Hook-call records and feedback older than this are pruned in the background (days). */
  retentionDays: z.number().int().positive().max(36500).default(2190),
  /**
   * Node processes serving HTTP (node:cluster): one JavaScript thread each, so more workers use more cores.
   * Unset: 1 (one process; demo mode is always one). The CDS_WORKERS environment variable overrides it.
   */
  workers: z.number().int().positive().max(256).optional(),
  /**
   * How far V8 lets the old generation grow past what the last full collection kept, in percent (V8's
   * --heap-growing-percent); 0 leaves V8's own factor (up to 4x). Calls promote their garbage in bursts, so V8's
   * own factor lets a process that keeps ~20 MB live hold ~95 MB of old space; 50 keeps the benchmark's peak RSS
   * 45-70 MB lower, for ~10 ms more at p50 on a 4 MB chart (src/app/heap-growth.ts).
   */
  heapGrowingPercent: z.number().int().nonnegative().max(300).default(50),
});

export type ClientConfig = z.infer<typeof clientSchema>;
export type ServiceConfig = z.infer<typeof configSchema>;
export type PayerIdentity = z.infer<typeof payerSchema>;
