/**
 * A short-lived cache of what the service read from an EHR's FHIR server, so an order-select followed by an
 * order-sign for the same patient (seconds apart) does not query the EHR twice.
 *
 * Safety rules, enforced by the key and by gatherFacts:
 * - the key names the calling client (JWT iss), the FHIR base, the patient and the topic, so one client never
 *   reads what another client's token fetched, and one EHR's data never answers for another;
 * - the key also names the FHIR access token that fetched the data, by a keyed hash (HMAC-SHA-256 with a secret
 *   the service holds), so a call carrying any other token (expired, revoked, for another patient, forged) never
 *   reads the chart from the cache: it queries the EHR, whose FHIR server checks and audits the access itself.
 *   An order-select and its order-sign carry the same token, so they still share;
 * - only complete FHIR answers are stored (no gaps, no prefetch: prefetch is always used as the EHR sent it);
 * - the access token is never stored, neither in a key nor in a value; without the secret the hash cannot be
 *   tested against guessed tokens.
 *
 * The interface is async so a shared store (Redis) can implement it; the in-memory one below is the default.
 */
import { createHmac } from 'node:crypto';
import type { FactTopic } from './facts.js';

/** One topic's complete answer from the FHIR server: plain JSON, so any store can hold it. */
export interface CachedTopic {
  resources: unknown[];
  skipped: number;
  pages: number;
}

export interface FactCacheKey {
  /** The verified client (JWT iss) whose token fetched the data. */
  clientId: string;
  /** The normalized, allow-listed FHIR base the data came from. */
  fhirServer: string;
  patientId: string;
  topic: FactTopic;
  /** accessTokenDigest() of the FHIR access token that fetched (or would fetch) the data. */
  tokenDigest: string;
}

/** The keyed hash that names an access token in a cache key: HMAC-SHA-256 under the service's secret. */
export function accessTokenDigest(secret: string | Uint8Array, accessToken: string): string {
  return createHmac('sha256', secret).update(accessToken).digest('base64url');
}

export interface FactCache {
  get(key: FactCacheKey): Promise<CachedTopic | undefined>;
  set(key: FactCacheKey, value: CachedTopic): Promise<void>;
}

/** One string per key; JSON keeps the parts apart whatever characters an id or URL holds. */
export function factCacheKey(key: FactCacheKey): string {
  return JSON.stringify([key.clientId, key.fhirServer, key.patientId, key.topic, key.tokenDigest]);
}

export interface MemoryFactCacheOptions {
  /** How long an answer is reused (ms). */
  ttlMs: number;
  /**
   * Upper bound on the resources held across all entries (each entry also counts 1), so a burst of huge charts
   * cannot grow the heap without limit. The least recently used entries are dropped first.
   */
  maxResources: number;
  now?: () => number;
}

interface Entry {
  value: CachedTopic;
  expiresAt: number;
  weight: number;
}

/** In-process LRU with a TTL: a Map kept in use order (a hit moves its entry to the end). */
export class MemoryFactCache implements FactCache {
  private readonly entries = new Map<string, Entry>();
  private weight = 0;
  private readonly now: () => number;

  constructor(private readonly options: MemoryFactCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Entries currently held (expired ones may linger until touched or evicted). */
  get size(): number {
    return this.entries.size;
  }

  async get(key: FactCacheKey): Promise<CachedTopic | undefined> {
    const id = factCacheKey(key);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(id, entry);
      return undefined;
    }
    this.entries.delete(id);
    this.entries.set(id, entry);
    // A fresh array each time: the caller may append to what it gets without touching the cached copy.
    return { ...entry.value, resources: entry.value.resources.slice() };
  }

  async set(key: FactCacheKey, value: CachedTopic): Promise<void> {
    if (this.options.ttlMs <= 0) return;
    const weight = value.resources.length + 1;
    if (weight > this.options.maxResources) return;
    const id = factCacheKey(key);
    const previous = this.entries.get(id);
    if (previous) this.remove(id, previous);
    this.entries.set(id, {
      value: { ...value, resources: value.resources.slice() },
      expiresAt: this.now() + this.options.ttlMs,
      weight,
    });
    this.weight += weight;
    this.evict();
  }

  private evict(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (this.weight <= this.options.maxResources) break;
      this.remove(id, entry);
    }
    // Drop expired entries at the front too, so memory does not wait for the bound to be reached.
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.remove(id, entry);
    }
  }

  private remove(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.weight -= entry.weight;
  }
}
