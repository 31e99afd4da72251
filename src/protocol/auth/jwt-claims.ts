/**
 * The registered claims of a hook JWT, checked once its signature holds (RFC 7519 §4.1, CDS Hooks 2.0
 * #trusting-cds-clients): `iss` is the client, `aud` names the URL called, `exp` not past, `nbf` not ahead, `iat`
 * not in the future, `jti` present; the clock skew is allowed both ways. The lifetime `exp − iat` may not exceed
 * maxLifetimeSeconds (+ the skew): a long-lived token is a standing credential, and the replay cache must remember
 * each jti until its exp. A token without `iat` is refused (CDS Hooks 2.0 makes `iat` required; without it the
 * lifetime cannot be known). Returns a log-safe reason, or undefined.
 */
import type { JWTPayload } from 'jose';

export interface ClaimExpectations {
  iss: string;
  /** The URLs this endpoint answers to; `aud` (a string or an array) must name one of them. */
  audiences: readonly string[];
  now: Date;
  clockSkewSeconds: number;
  /** Longest accepted `exp − iat` (seconds), before the skew is added. */
  maxLifetimeSeconds: number;
}

const isNumericDate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function audienceMatches(aud: unknown, audiences: readonly string[]): boolean {
  if (typeof aud === 'string') return audiences.includes(aud);
  return Array.isArray(aud) && aud.some((entry) => typeof entry === 'string' && audiences.includes(entry));
}

export function claimProblem(payload: JWTPayload, expected: ClaimExpectations): string | undefined {
  const now = expected.now.getTime() / 1000;
  const skew = expected.clockSkewSeconds;
  if (payload.iss !== expected.iss) return 'iss does not match';
  if (payload.aud === undefined) return 'aud is missing';
  if (!audienceMatches(payload.aud, expected.audiences)) return 'aud is not the URL called';
  if (!isNumericDate(payload.exp)) return 'exp is missing or not a number';
  if (payload.exp <= now - skew) return 'token is expired';
  if (!isNumericDate(payload.iat)) return 'iat is missing or not a number';
  if (payload.iat > now + skew) return 'iat is in the future';
  if (payload.exp - payload.iat > expected.maxLifetimeSeconds + skew) {
    return `token lifetime (exp - iat) exceeds ${expected.maxLifetimeSeconds + skew} s`;
  }
  if (payload.nbf !== undefined) {
    if (!isNumericDate(payload.nbf)) return 'nbf is not a number';
    if (payload.nbf > now + skew) return 'token is not valid yet (nbf)';
  }
  if (typeof payload.jti !== 'string' || payload.jti === '') return 'jti is missing';
  return undefined;
}
