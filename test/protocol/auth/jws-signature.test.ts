import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ACCEPTED_ALGORITHMS, type AcceptedAlgorithm } from '../../../src/protocol/auth/algorithms.js';
import { hasValidSignature, keyMismatch } from '../../../src/protocol/auth/jws-signature.js';

interface Signer {
  sign: (claims?: Record<string, unknown>) => Promise<string>;
  /** The public half as the key store imports it: JWK -> node:crypto KeyObject. */
  publicKey: KeyObject;
}

async function signerFor(alg: AcceptedAlgorithm): Promise<Signer> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const publicKey = createPublicKey({ key: (await exportJWK(pair.publicKey)) as never, format: 'jwk' });
  const sign = (claims: Record<string, unknown> = { jti: 'j1' }) =>
    new SignJWT(claims).setProtectedHeader({ alg, kid: 'k' }).sign(pair.privateKey);
  return { sign, publicKey };
}

/** Replaces one base64url character of a part, keeping the token well-formed. */
function flipOneChar(token: string, part: number): string {
  const parts = token.split('.');
  const text = parts[part]!;
  const at = Math.floor(text.length / 2);
  parts[part] = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  return parts.join('.');
}

describe('hasValidSignature', () => {
  const signers = new Map<AcceptedAlgorithm, Signer>();
  beforeAll(async () => {
    for (const alg of ACCEPTED_ALGORITHMS) signers.set(alg, await signerFor(alg));
  });

  it.each(ACCEPTED_ALGORITHMS)(
    'accepts a %s token signed by the key, refuses a changed payload or signature',
    async (alg) => {
      const signer = signers.get(alg)!;
      const token = await signer.sign();
      expect(await hasValidSignature(token, signer.publicKey, alg)).toBe(true);
      expect(await hasValidSignature(flipOneChar(token, 1), signer.publicKey, alg)).toBe(false);
      expect(await hasValidSignature(flipOneChar(token, 2), signer.publicKey, alg)).toBe(false);
    },
  );

  it('refuses a token signed by another key of the same kind', async () => {
    const other = await signerFor('ES384');
    expect(await hasValidSignature(await other.sign(), signers.get('ES384')!.publicKey, 'ES384')).toBe(false);
  });

  it('refuses a signature checked under another algorithm than the one it was made with', async () => {
    const rs = signers.get('RS384')!;
    const token = await rs.sign();
    expect(await hasValidSignature(token, rs.publicKey, 'RS256')).toBe(false);
    expect(await hasValidSignature(token, rs.publicKey, 'PS384')).toBe(false);
  });

  it('refuses malformed compact tokens without throwing', async () => {
    const es = signers.get('ES256')!;
    const token = await es.sign();
    const [h, p, s] = token.split('.');
    for (const bad of [
      `${h}.${p}`,
      `${h}.${p}.${s}.x`,
      `${h}.${p}.`,
      `${h}.${p}.${s}=`,
      `${h}.${p}.${s!.slice(0, 20)}`,
      `${h}.${p} .${s}`,
      `${h}.${p}.${s}+`,
      '',
    ]) {
      expect(await hasValidSignature(bad, es.publicKey, 'ES256')).toBe(false);
    }
  });
});

describe('keyMismatch', () => {
  const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
  const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey;
  const ed = generateKeyPairSync('ed25519').publicKey;

  it('accepts the key kind and size each algorithm needs', () => {
    expect(keyMismatch(rsa2048, 'RS384')).toBeUndefined();
    expect(keyMismatch(rsa2048, 'PS512')).toBeUndefined();
    expect(keyMismatch(p256, 'ES256')).toBeUndefined();
    expect(keyMismatch(p384, 'ES384')).toBeUndefined();
  });

  it('names what is wrong: key type, curve, RSA size, a private key', () => {
    expect(keyMismatch(p384, 'RS384')).toMatch(/needs an RSA key/);
    expect(keyMismatch(rsa2048, 'ES384')).toMatch(/needs an EC key/);
    expect(keyMismatch(p256, 'ES384')).toMatch(/curve prime256v1, ES384 needs secp384r1/);
    expect(keyMismatch(rsa1024, 'RS256')).toMatch(/1024 bits/);
    expect(keyMismatch(ed, 'ES256')).toMatch(/ed25519/);
    const privateKey = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    expect(keyMismatch(privateKey, 'ES384')).toMatch(/not a public key/);
  });
});
