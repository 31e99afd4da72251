/**
 * Remembers JWT ids so a captured token cannot be replayed while it is still valid (CDS Hooks best practice).
 * Behind an interface so a shared store (Redis SET NX PX) can replace it when the service runs on several nodes.
 */
import { createHash } from 'node:crypto';

export interface ReplayCache {
  /**
   * Records `id` for `ttlMs`; resolves true when `id` was already recorded and has not expired (a replay).
   * Rejects with ReplayCacheFullError when it cannot remember one more id without forgetting a live one.
   */
  checkAndRemember(id: string, ttlMs: number): Promise<boolean>;
}

/** The cache is full of live entries: the caller answers 503 with Retry-After rather than forget one. */
export class ReplayCacheFullError extends Error {
  override name = 'ReplayCacheFullError';
  constructor(readonly retryAfterSeconds: number) {
    super('the JWT replay cache is full of unexpired tokens');
  }
}

/**
 * Default bound: 250,000 ids, about 35 MB of heap (~145 bytes each, measured). Tokens live at most
 * maxTokenLifetimeSeconds + 2 x clockSkewSeconds (17 min by default) in the cache, so the bound holds ~230 new tokens
 * per second sustained, above one process's throughput; with 5-minute tokens, ~700 per second.
 */
export const DEFAULT_REPLAY_CACHE_ENTRIES = 250_000;

/** A full sweep for expired entries runs at most this often once the cache is at its bound (ms). */
const FULL_SWEEP_INTERVAL_MS = 1_000;

/**
 * In-process replay cache with bounded memory. An entry is never dropped before its expiry: when every slot holds
 * a live token, new ids are refused (ReplayCacheFullError) until some expire. Ids are kept as a 132-bit hash (a jti
 * is attacker-chosen text of any length). Entries are kept in insertion order; expiries differ by token, so the
 * front is purged while expired on every call, and the whole map at most once a second when full.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly expiries = new Map<string, number>();
  private nextFullSweep = 0;

  constructor(
    private readonly maxEntries = DEFAULT_REPLAY_CACHE_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  async checkAndRemember(id: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const key = createHash('sha256').update(id).digest('base64url').slice(0, 22);
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return true;
    this.expiries.delete(key);
    this.purgeFront(now);
    if (this.expiries.size >= this.maxEntries) this.makeRoom(now);
    this.expiries.set(key, now + ttlMs);
    return false;
  }

  get size(): number {
    return this.expiries.size;
  }

  private purgeFront(now: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry > now) break;
      this.expiries.delete(key);
    }
  }

  /** Drops every expired entry (at most once per FULL_SWEEP_INTERVAL_MS); throws if that freed nothing. */
  private makeRoom(now: number): void {
    let soonest = Number.POSITIVE_INFINITY;
    if (now >= this.nextFullSweep) {
      this.nextFullSweep = now + FULL_SWEEP_INTERVAL_MS;
      for (const [key, expiry] of this.expiries) {
        if (expiry <= now) this.expiries.delete(key);
        else if (expiry < soonest) soonest = expiry;
      }
      if (this.expiries.size < this.maxEntries) return;
    } else {
      soonest = this.nextFullSweep;
    }
    const seconds = Number.isFinite(soonest) ? Math.ceil((soonest - now) / 1000) : 1;
    throw new ReplayCacheFullError(Math.min(60, Math.max(1, seconds)));
  }
}
