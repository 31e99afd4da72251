/**
 * Verifies the bearer JWT an EHR sends with every hook and feedback call (CDS Hooks 2.0 #trusting-cds-clients and
 * the best-practices verification order). Returns a log-safe reason on failure; the caller answers 401 with no detail.
 * jose parses the token; the signature is checked with node:crypto (see jws-signature.ts for why), then the claims.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ClientConfig } from '../../config.js';
import { isAcceptedAlgorithm } from './algorithms.js';
import { hasValidSignature } from './jws-signature.js';
import { claimProblem } from './jwt-claims.js';
import type { KeyStore } from './key-store.js';
import { type ReplayCache, ReplayCacheFullError } from './replay-cache.js';

export interface VerifiedClient {
  kind: 'client';
  iss: string;
  jti: string;
  tenant?: string;
  client: ClientConfig;
}

export type VerifyResult =
  | { ok: true; caller: VerifiedClient }
  | {
      ok: false;
      reason: string;
      /** Set when the token could not be checked now (503), not refused (401). */
      retryAfterSeconds?: number;
    };

export interface JwtVerifierOptions {
  clients: readonly ClientConfig[];
  keys: KeyStore;
  replayCache: ReplayCache;
  clockSkewSeconds: number;
  /** Longest accepted `exp − iat` (seconds; config maxTokenLifetimeSeconds). */
  maxTokenLifetimeSeconds: number;
  now: () => Date;
}

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

export class JwtVerifier {
  constructor(private readonly options: JwtVerifierOptions) {}

  /** `audiences`: the URLs this endpoint answers to; the token's `aud` must be one of them. */
  async verify(token: string, audiences: readonly string[]): Promise<VerifyResult> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let payload: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      payload = decodeJwt(token);
    } catch {
      return fail('token is not a well-formed JWT');
    }
    const { alg, kid, typ, jku } = header;
    if (!isAcceptedAlgorithm(alg)) return fail(`alg ${String(alg)} is not accepted`);
    if (typ !== undefined && typ.toUpperCase() !== 'JWT') return fail(`typ ${typ} is not JWT`);
    if (typeof kid !== 'string' || kid === '') return fail('kid is missing');
    if (jku !== undefined && typeof jku !== 'string') return fail('jku is not a string');
    // No JWS extension is understood here, so a critical one must be refused (RFC 7515 §4.1.11); b64 only ever
    // appears with crit (RFC 7797) and a JWT never uses it.
    if (header.crit !== undefined || header.b64 !== undefined)
      return fail('crit or b64 header is not accepted');

    const iss = payload.iss;
    if (typeof iss !== 'string') return fail('iss is missing');
    const client = this.options.clients.find((candidate) => candidate.iss === iss);
    if (!client) return fail(`iss ${iss} is not a registered client`);

    let key: Awaited<ReturnType<KeyStore['keyFor']>>;
    try {
      key = await this.options.keys.keyFor(client, { kid, alg, jku });
    } catch (error) {
      return fail((error as Error).message);
    }

    // Until here the payload was only read to find the client; from here on it is signed.
    if (!(await hasValidSignature(token, key, alg))) return fail('signature is not valid');
    const now = this.options.now();
    const problem = claimProblem(payload, {
      iss,
      audiences,
      now,
      clockSkewSeconds: this.options.clockSkewSeconds,
      maxLifetimeSeconds: this.options.maxTokenLifetimeSeconds,
    });
    if (problem) return fail(problem);

    const nowSeconds = Math.floor(now.getTime() / 1000);
    const jti = payload.jti as string;

    const tenant = typeof payload.tenant === 'string' ? payload.tenant : undefined;
    if (client.tenants && (tenant === undefined || !client.tenants.includes(tenant))) {
      return fail(`tenant ${tenant ?? '(none)'} is not registered for ${iss}`);
    }

    // Remember the jti until the token expires (plus the skew): after that the exp check refuses it anyway. The
    // lifetime bound keeps that under maxTokenLifetimeSeconds + 2 x skew, which is what bounds the cache.
    const rememberMs =
      Math.max(1, (payload.exp as number) - nowSeconds + this.options.clockSkewSeconds) * 1000;
    let replayed: boolean;
    try {
      replayed = await this.options.replayCache.checkAndRemember(`${iss}\u0000${jti}`, rememberMs);
    } catch (error) {
      if (!(error instanceof ReplayCacheFullError)) throw error;
      return { ok: false, reason: error.message, retryAfterSeconds: error.retryAfterSeconds };
    }
    if (replayed) return fail(`jti ${jti} was already used`);

    return { ok: true, caller: { kind: 'client', iss, jti, tenant, client } };
  }
}
