/**
 * Signature algorithms accepted on hook JWTs: asymmetric only. `none` is unsigned, and HMAC (HS*) would mean a
 * secret shared with the EHR that the service could then forge calls with; CDS Hooks forbids both.
 */
export const ACCEPTED_ALGORITHMS = [
  'ES384',
  'RS384',
  'ES256',
  'RS256',
  'ES512',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;

export type AcceptedAlgorithm = (typeof ACCEPTED_ALGORITHMS)[number];

export function isAcceptedAlgorithm(alg: unknown): alg is AcceptedAlgorithm {
  return typeof alg === 'string' && (ACCEPTED_ALGORITHMS as readonly string[]).includes(alg);
}
