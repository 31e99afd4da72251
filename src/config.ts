/**
 * Service configuration: the zod schema is the single source of truth for the config file's shape
 * (docs/configuration.md documents it). Unknown keys are tolerated so one file can serve several versions.
 */
import { z } from 'zod';

const jwkSchema = z.looseObject({ kty: z.string() });

export const clientSchema = z.looseObject({
  /** The JWT `iss` this EHR signs hook calls with. */
  iss: z.string().min(1),
  /** Inline public keys. */
  jwks: z.looseObject({ keys: z.array(jwkSchema) }).optional(),
  /** Where this client's public keys are published; fetched, cached and refreshed on an unknown `kid`. */
  jwksUri: z.url().optional(),
  /** `jku` header values this client may use; a `jku` outside this list (and not equal to jwksUri) is rejected. */
  jku: z.array(z.url()).default([]),
  /** FHIR base URLs this client may send as `fhirServer`; any other is never contacted (SSRF guard). */
  fhirServers: z.array(z.url()).default([]),
  /** Optional `tenant` claim values accepted from this client. */
  tenants: z.array(z.string()).optional(),
  /** Display name for logs. */
  name: z.string().optional(),
});

export const configSchema = z.looseObject({
  /** This service's public base URL (no trailing slash); the JWT `aud` must equal `${baseUrl}/cds-services/...`. */
  baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
  clients: z.array(clientSchema).default([]),
  /** Insurer name shown as card source.label (CRD: the insurer on the member's card). */
  insurerName: z.string().min(1).default('Blue Cross VT'),
  /** Public URL of the medical policy, linked from every card. */
  policyUrl: z
    .url()
    .default(
      'https://www.bluecrossvt.org/documents/spect-ct-imaging-evaluation-spine-corporate-medical-policy',
    ),
  /** Budget for gathering data from the EHR's FHIR server, per hook call (ms). */
  fhirTimeoutMs: z.number().int().positive().max(30000).default(4000),
  /** Upper bound on pages followed per FHIR search (next links). */
  maxPages: z.number().int().positive().max(100).default(5),
  /** Window (days) in which another advanced-imaging order counts as ordered at the same time. */
  simultaneousWindowDays: z.number().int().nonnegative().max(365).default(7),
  /** Allowed clock skew for JWT exp/iat/nbf (seconds). */
  clockSkewSeconds: z.number().int().nonnegative().max(600).default(60),
  /** Minimum time between two fetches of one client's JWKS URL, however many unknown kids arrive (seconds). */
  jwksMinRefreshSeconds: z.number().int().positive().max(86400).default(60),
  /** A fetched JWKS is reused for this long before it is fetched again (seconds). */
  jwksCacheSeconds: z.number().int().positive().max(604800).default(3600),
  /** Browser origins allowed by CORS; "*" allows any (no credentials are used). */
  corsOrigins: z.array(z.string()).default(['*']),
  /** Development only: accept unsigned hook calls from loopback. Logged loudly at start-up. */
  allowUnsignedLoopback: z.boolean().default(false),
});

export type ClientConfig = z.infer<typeof clientSchema>;
export type ServiceConfig = z.infer<typeof configSchema>;
