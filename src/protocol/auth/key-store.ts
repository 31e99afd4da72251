/**
 * Public keys of registered EHR clients, by `kid`: inline JWKS from the config, or a JWKS fetched from a URL the
 * registry lists for that client (jwksUri, or an allowlisted `jku`). Fetched sets are cached; an unknown `kid`
 * triggers at most one refetch per refresh interval, so a stream of tokens with random kids cannot turn the
 * service into a traffic amplifier against the EHR's JWKS endpoint. While the endpoint is down, keys already
 * fetched keep working (a failed refresh keeps them; a stale set is refreshed in the background). Each JWK is
 * imported once (a node:crypto KeyObject, which src/protocol/auth/jws-signature.ts verifies with) and checked
 * against each algorithm it is used with.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { ClientConfig } from '../../config.js';
import type { AcceptedAlgorithm } from './algorithms.js';
import { keyMismatch } from './jws-signature.js';

/** Fetches and parses a JWKS document. Injected so tests and deployments can control egress. */
export type JwksFetch = (url: string) => Promise<unknown>;

export class KeyLookupError extends Error {
  override name = 'KeyLookupError';
}

export const defaultJwksFetch: JwksFetch = async (url) => {
  const response = await fetch(url, {
    headers: { accept: 'application/json, application/jwk-set+json' },
    redirect: 'error',
    signal: AbortSignal.timeout(3000),
  });
  if (!response.ok) throw new KeyLookupError(`answered HTTP ${response.status}`);
  return response.json();
};

interface RemoteSet {
  keys: JWK[];
  fetchedAt: number;
  lastAttempt: number;
  pending?: Promise<void>;
  /** Why the last fetch failed, for the log: "answered 404", "timed out after 3000 ms", a network error code. */
  lastError?: string;
}

/** A fetch failure in words that point at its cause, with no response body (it is the EHR's, and unbounded). */
function fetchFailure(error: unknown): string {
  if (error instanceof KeyLookupError) return error.message;
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out';
  if (err?.name === 'SyntaxError') return 'did not answer JSON';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return cause ? `${err?.message ?? 'failed'} (${cause})` : (err?.message ?? 'failed');
}

export interface KeyStoreOptions {
  fetchJwks?: JwksFetch;
  now?: () => number;
  /** Minimum time between two fetches of the same JWKS URL (ms). */
  minRefreshMs?: number;
  /** A fetched JWKS older than this is refetched on next use (ms). */
  maxAgeMs?: number;
}

function jwkList(document: unknown): JWK[] {
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new KeyLookupError('JWKS document has no "keys" array');
  return keys.filter((key): key is JWK => typeof key === 'object' && key !== null && 'kty' in key);
}

export class KeyStore {
  private readonly remote = new Map<string, RemoteSet>();
  /** Imported key objects, keyed by the JWK object itself so a refreshed set drops stale keys automatically. */
  private readonly imported = new WeakMap<JWK, KeyObject>();
  private readonly fetchJwks: JwksFetch;
  private readonly now: () => number;
  private readonly minRefreshMs: number;
  private readonly maxAgeMs: number;

  constructor(options: KeyStoreOptions = {}) {
    this.fetchJwks = options.fetchJwks ?? defaultJwksFetch;
    this.now = options.now ?? Date.now;
    this.minRefreshMs = options.minRefreshMs ?? 60_000;
    this.maxAgeMs = options.maxAgeMs ?? 3_600_000;
  }

  /**
   * The key that should have signed a token from `client` with this header. Throws KeyLookupError with a
   * log-safe reason when there is none (unregistered jku, unknown kid, unusable JWK).
   */
  async keyFor(
    client: ClientConfig,
    header: { kid: string; alg: AcceptedAlgorithm; jku?: string },
  ): Promise<KeyObject> {
    const jwk = await this.findJwk(client, header);
    return this.importKey(jwk, header.alg);
  }

  /**
   * The JWK, or a KeyLookupError whose reason points at the cause: a jku not registered (never fetched), a JWKS
   * fetch that failed (and how), or a kid the keys do not hold (and where they came from).
   */
  private async findJwk(client: ClientConfig, header: { kid: string; jku?: string }): Promise<JWK> {
    if (header.jku !== undefined) {
      // Only URLs the registry lists for this client; a token must never tell us where to fetch keys from.
      if (!client.jku.includes(header.jku) && client.jwksUri !== header.jku) {
        throw new KeyLookupError(`jku ${header.jku} is not registered for ${client.iss}; it was not fetched`);
      }
      // A registered jku whose key is also registered inline needs no fetch (a copy of a public JWKS such as the
      // CDS Hooks sandbox's, for a service that cannot or should not reach it).
      const pinned = client.jwks?.keys.find((key) => key.kid === header.kid) as JWK | undefined;
      if (pinned) return pinned;
      return this.findRemote(header.jku, header.kid, 'jku');
    }
    const inline = client.jwks?.keys.find((key) => key.kid === header.kid) as JWK | undefined;
    if (inline) return inline;
    if (client.jwksUri) return this.findRemote(client.jwksUri, header.kid, 'jwksUri');
    throw new KeyLookupError(
      `kid "${header.kid}" is not among the keys registered inline for ${client.iss} (no jku in the token, no jwksUri registered)`,
    );
  }

  private async findRemote(url: string, kid: string, via: 'jku' | 'jwksUri'): Promise<JWK> {
    const jwk = await this.findRemoteJwk(url, kid);
    if (jwk) return jwk;
    const set = this.remote.get(url);
    if (set && set.fetchedAt === Number.NEGATIVE_INFINITY) {
      throw new KeyLookupError(`${via} ${url}: the JWKS fetch failed (${set.lastError ?? 'no answer'})`);
    }
    const stale = set?.lastError ? `; the last refetch failed (${set.lastError})` : '';
    const count = set?.keys.length ?? 0;
    throw new KeyLookupError(
      `kid "${kid}" is not in the JWKS at ${via} ${url} (${count} key${count === 1 ? '' : 's'}${stale}; ` +
        `refetched at most every ${Math.round(this.minRefreshMs / 1000)} s)`,
    );
  }

  private async findRemoteJwk(url: string, kid: string): Promise<JWK | undefined> {
    let set = this.remote.get(url);
    if (!set) set = await this.refresh(url);
    else if (this.now() - set.fetchedAt > this.maxAgeMs) {
      const cached = set.keys.find((key) => key.kid === kid);
      if (cached) {
        // Stale but known: use it now and refresh in the background, so a JWKS endpoint that is down or hanging
        // neither rejects nor delays calls signed with a key we already hold. refresh() never rejects.
        void this.refresh(url);
        return cached;
      }
      set = await this.refresh(url);
    }
    let jwk = set.keys.find((key) => key.kid === kid);
    if (!jwk) {
      // Key rotation: the EHR may have published a new key since we fetched. Refetch, rate-limited.
      set = await this.refresh(url);
      jwk = set.keys.find((key) => key.kid === kid);
    }
    return jwk;
  }

  private async refresh(url: string): Promise<RemoteSet> {
    const existing = this.remote.get(url);
    if (existing?.pending) {
      await existing.pending;
      return existing;
    }
    if (existing && this.now() - existing.lastAttempt < this.minRefreshMs) return existing;
    const set: RemoteSet = existing ?? { keys: [], fetchedAt: Number.NEGATIVE_INFINITY, lastAttempt: 0 };
    set.lastAttempt = this.now();
    this.remote.set(url, set);
    set.pending = (async () => {
      try {
        set.keys = jwkList(await this.fetchJwks(url));
        set.fetchedAt = this.now();
        set.lastError = undefined;
      } catch (error) {
        // Keep the keys we had (if any); the attempt time still rate-limits the next try.
        set.lastError = fetchFailure(error);
      } finally {
        set.pending = undefined;
      }
    })();
    await set.pending;
    return set;
  }

  private importKey(jwk: JWK, alg: AcceptedAlgorithm): KeyObject {
    if (jwk.kty === 'oct')
      throw new KeyLookupError(`key ${jwk.kid} is symmetric; only public keys are accepted`);
    if (jwk.alg !== undefined && jwk.alg !== alg) {
      throw new KeyLookupError(`key ${jwk.kid} is for ${jwk.alg}, token uses ${alg}`);
    }
    if (jwk.use !== undefined && jwk.use !== 'sig')
      throw new KeyLookupError(`key ${jwk.kid} is not a signing key`);
    let key = this.imported.get(jwk);
    if (!key) {
      // Strip private members defensively: a registry entry holding a private key must not make us a signer.
      const {
        d: _d,
        p: _p,
        q: _q,
        dp: _dp,
        dq: _dq,
        qi: _qi,
        oth: _oth,
        ...publicPart
      } = jwk as JWK & {
        oth?: unknown;
      };
      try {
        key = createPublicKey({ key: publicPart as JsonWebKey, format: 'jwk' });
      } catch (error) {
        throw new KeyLookupError(`key ${jwk.kid} is not a usable public key: ${(error as Error).message}`);
      }
      this.imported.set(jwk, key);
    }
    const mismatch = keyMismatch(key, alg);
    if (mismatch) throw new KeyLookupError(`key ${jwk.kid} cannot be used with ${alg}: it ${mismatch}`);
    return key;
  }
}
