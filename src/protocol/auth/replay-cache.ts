/**
 * Remembers JWT ids so a captured token cannot be replayed (CDS Hooks best practice: keep jtis for an hour).
 * Behind an interface so a shared store (Redis SET NX PX) can replace it when the service runs on several nodes.
 */
export interface ReplayCache {
  /** Records `id` for `ttlMs`; resolves true when `id` was already recorded and has not expired (a replay). */
  checkAndRemember(id: string, ttlMs: number): Promise<boolean>;
}

/**
 * In-process replay cache with bounded memory. Entries are kept in insertion order, which is expiry order when the
 * ttl is constant, so purging expired entries only ever looks at the front. When full of live entries the oldest
 * is dropped: under a flood we would rather lose the oldest memory than the process.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async checkAndRemember(id: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const expiry = this.expiries.get(id);
    if (expiry !== undefined && expiry > now) return true;
    this.expiries.delete(id);
    this.purge(now);
    this.expiries.set(id, now + ttlMs);
    return false;
  }

  get size(): number {
    return this.expiries.size;
  }

  private purge(now: number): void {
    for (const [id, expiry] of this.expiries) {
      if (expiry > now && this.expiries.size < this.maxEntries) break;
      this.expiries.delete(id);
    }
  }
}
