/**
 * The JWKS behaviour on a bad day: the client's jwksUri down or hanging, and floods of unknown kids. The fetch is
 * injected and the clock is fake, so every fetch is counted exactly.
 */
import { randomUUID } from 'node:crypto';
import type { ClientConfig } from '../../../src/config.js';
import { type JwksFetch, KeyLookupError, KeyStore } from '../../../src/protocol/auth/key-store.js';
import { createTestClient, type TestClient } from '../../support/jwt.js';

const JWKS_URI = 'https://ehr-keys.test.example/jwks.json';
const MIN_REFRESH_MS = 60_000;
const MAX_AGE_MS = 3_600_000;

type Upstream = 'up' | 'down' | 'hanging';

function harness(signer: TestClient) {
  let now = 0;
  let upstream: Upstream = 'up';
  let published = signer.jwks;
  let fetches = 0;
  const fetchJwks: JwksFetch = async () => {
    fetches++;
    if (upstream === 'down') throw new Error('connect ECONNREFUSED');
    if (upstream === 'hanging') return new Promise(() => undefined);
    return published;
  };
  const store = new KeyStore({
    fetchJwks,
    now: () => now,
    minRefreshMs: MIN_REFRESH_MS,
    maxAgeMs: MAX_AGE_MS,
  });
  const client: ClientConfig = { iss: signer.iss, jwksUri: JWKS_URI, jku: [], fhirServers: [] };
  return {
    store,
    keyFor: (kid: string) => store.keyFor(client, { kid, alg: signer.alg }),
    advance: (ms: number) => {
      now += ms;
    },
    set upstream(state: Upstream) {
      upstream = state;
    },
    publish: (jwks: TestClient['jwks']) => {
      published = jwks;
    },
    get fetches() {
      return fetches;
    },
  };
}

/** Resolves to 'pending' if the promise has not settled within a few event-loop turns. */
async function settledSoon<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([
    promise,
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20)),
  ]);
}

describe('KeyStore with a jwksUri', () => {
  let signer: TestClient;
  beforeAll(async () => {
    signer = await createTestClient({ kid: 'k1' });
  });

  it('cached keys keep working while the jwksUri is down, long after the cache expired', async () => {
    const h = harness(signer);
    await h.keyFor('k1');
    expect(h.fetches).toBe(1);
    h.upstream = 'down';
    // Two hours of calls, one a minute, with the endpoint down: every call still finds its key.
    for (let minute = 0; minute < 120; minute++) {
      h.advance(60_000);
      await expect(h.keyFor('k1')).resolves.toBeDefined();
    }
    // Refresh attempts start once the set is an hour old, and are spaced by the refresh interval.
    expect(h.fetches).toBeLessThanOrEqual(1 + 61);
  });

  it('a hanging jwksUri does not delay calls signed with a cached key', async () => {
    const h = harness(signer);
    await h.keyFor('k1');
    h.upstream = 'hanging';
    h.advance(MAX_AGE_MS + 1);
    expect(await settledSoon(h.keyFor('k1'))).not.toBe('pending');
    expect(await settledSoon(h.keyFor('k1'))).not.toBe('pending');
    expect(h.fetches).toBe(2);
  });

  it('a flood of unknown kids causes at most one fetch per refresh interval', async () => {
    const h = harness(signer);
    await h.keyFor('k1');
    h.advance(MIN_REFRESH_MS);
    // 200 concurrent tokens with random kids: one fetch between them.
    const flood = await Promise.allSettled(Array.from({ length: 200 }, () => h.keyFor(randomUUID())));
    expect(flood.every((r) => r.status === 'rejected' && r.reason instanceof KeyLookupError)).toBe(true);
    expect(h.fetches).toBe(2);
    // Ten minutes of one unknown kid per second: at most one fetch per interval.
    for (let second = 0; second < 600; second++) {
      h.advance(1_000);
      await expect(h.keyFor(`unknown-${second}`)).rejects.toThrow(KeyLookupError);
    }
    expect(h.fetches).toBeLessThanOrEqual(2 + 10);
    expect(h.fetches).toBeGreaterThanOrEqual(2 + 9);
  });

  it('unknown kids while the endpoint is down are still rate-limited, and the known key still works', async () => {
    const h = harness(signer);
    await h.keyFor('k1');
    h.upstream = 'down';
    h.advance(MIN_REFRESH_MS);
    for (let i = 0; i < 50; i++) await expect(h.keyFor(`x${i}`)).rejects.toThrow(KeyLookupError);
    expect(h.fetches).toBe(2);
    await expect(h.keyFor('k1')).resolves.toBeDefined();
  });

  it('down from the start: the call is refused (401 upstream), without a fetch per call', async () => {
    const h = harness(signer);
    h.upstream = 'down';
    for (let i = 0; i < 20; i++) await expect(h.keyFor('k1')).rejects.toThrow(KeyLookupError);
    expect(h.fetches).toBe(1);
    // Once it is back, the next interval picks the keys up.
    h.upstream = 'up';
    h.advance(MIN_REFRESH_MS);
    await expect(h.keyFor('k1')).resolves.toBeDefined();
    expect(h.fetches).toBe(2);
  });

  it('a key rotated during an outage is picked up after the outage', async () => {
    const h = harness(signer);
    await h.keyFor('k1');
    const rotated = await createTestClient({ iss: signer.iss, kid: 'k2' });
    h.upstream = 'down';
    h.advance(MIN_REFRESH_MS);
    await expect(h.keyFor('k2')).rejects.toThrow(KeyLookupError);
    h.upstream = 'up';
    h.publish({ keys: [...signer.jwks.keys, ...rotated.jwks.keys] });
    h.advance(MIN_REFRESH_MS);
    await expect(h.keyFor('k2')).resolves.toBeDefined();
  });
});
