/**
 * The signature check of a compact JWS (RFC 7515), done with node:crypto on an imported KeyObject.
 *
 * Why not jose's jwtVerify: jose 6 verifies through WebCrypto, which hands every verification to the libuv thread
 * pool and back. For RSA that round trip cost more than the check itself (0.19 ms against 0.03 ms per RS384 token on
 * the benchmark machine), so RSA is checked inline here; ECDSA, ten times dearer, still goes to the pool, through
 * node:crypto's own callback form. jose still parses the header and claims (src/protocol/auth/jwt-verifier.ts); this
 * file only answers "did this key sign these bytes with this alg".
 */
import { constants, type KeyObject, verify } from 'node:crypto';
import type { AcceptedAlgorithm } from './algorithms.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The hash each algorithm signs with, and the EC curve an ES algorithm needs (node's curve names). */
const HASH: Record<AcceptedAlgorithm, string> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  PS384: 'sha384',
  PS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
};
const CURVE: Partial<Record<AcceptedAlgorithm, string>> = {
  ES256: 'prime256v1',
  ES384: 'secp384r1',
  ES512: 'secp521r1',
};
/** RFC 7518 §3.3 and §3.5: RSA keys for RS* and PS* must be at least 2048 bits. */
const MIN_RSA_BITS = 2048;

/** Why this public key cannot verify `alg` signatures, or undefined when it can. */
export function keyMismatch(key: KeyObject, alg: AcceptedAlgorithm): string | undefined {
  if (key.type !== 'public') return 'is not a public key';
  const curve = CURVE[alg];
  if (curve) {
    if (key.asymmetricKeyType !== 'ec') return `is ${key.asymmetricKeyType}, ${alg} needs an EC key`;
    const named = key.asymmetricKeyDetails?.namedCurve;
    return named === curve ? undefined : `is on curve ${named}, ${alg} needs ${curve}`;
  }
  if (key.asymmetricKeyType !== 'rsa') return `is ${key.asymmetricKeyType}, ${alg} needs an RSA key`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return bits >= MIN_RSA_BITS ? undefined : `has ${bits} bits, ${alg} needs at least ${MIN_RSA_BITS}`;
}

/**
 * Resolves true when `token` (header.payload.signature, each part base64url) carries a valid `alg` signature by
 * `key` over its first two parts. The caller has already checked that the header names `alg` and that `key` fits it.
 *
 * ECDSA checks run on the libuv thread pool (node:crypto's callback form): one ES384 check costs about 0.9 ms here,
 * most of a hook call's own CPU, and on the pool it overlaps with the event loop's work on other calls. RSA checks
 * (0.03 ms) stay on the event loop: for them the hand-off to the pool would cost more than the check.
 */
export function hasValidSignature(token: string, key: KeyObject, alg: AcceptedAlgorithm): Promise<boolean> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return Promise.resolve(false);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
  const signature = Buffer.from(parts[2]!, 'base64url');
  const hash = HASH[alg];
  if (alg.startsWith('ES')) {
    return new Promise((resolve) => {
      try {
        // JWS carries r || s (IEEE P1363), not DER.
        verify(hash, signed, { key, dsaEncoding: 'ieee-p1363' }, signature, (error, valid) =>
          resolve(!error && valid),
        );
      } catch {
        resolve(false);
      }
    });
  }
  const options = alg.startsWith('PS')
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : key;
  try {
    return Promise.resolve(verify(hash, signed, options, signature));
  } catch {
    // A signature of the wrong length for the key, for one: not valid, never a crash.
    return Promise.resolve(false);
  }
}
