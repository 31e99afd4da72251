/**
 * The JWT replay cache shared by every replica through Redis: one `SET key 1 PX ttl NX` per token, atomic, so a
 * token replayed to another replica is still caught.
 *
 * If Redis cannot answer, the check falls back to this replica's own memory rather than refusing every hook call
 * (an outage) or accepting every jti (no check at all): a replay to the same replica is still caught, and the
 * fallback is logged so the operator sees the degraded mode.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MemoryReplayCache, type ReplayCache } from '../../protocol/auth/replay-cache.js';

export class RedisReplayCache implements ReplayCache {
  private readonly fallback = new MemoryReplayCache();
  private degradedSince: number | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly logger?: Logger,
    private readonly prefix = 'spect-cds:jti:',
  ) {}

  async checkAndRemember(id: string, ttlMs: number): Promise<boolean> {
    // Hashed: a jti is attacker-chosen text of any length; the key stays short and plain.
    const key = this.prefix + createHash('sha256').update(id).digest('base64url');
    try {
      const set = await this.redis.set(key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
      if (this.degradedSince !== undefined) {
        this.logger?.info('replay cache: Redis answers again; shared replay protection restored');
        this.degradedSince = undefined;
      }
      // Also remember locally, so a later fallback still knows the tokens seen while Redis was up. Redis is the
      // authority here: a full local memory only weakens the fallback, it refuses nothing.
      await this.fallback.checkAndRemember(id, ttlMs).catch(() => undefined);
      return set === null;
    } catch (error) {
      if (this.degradedSince === undefined) {
        this.degradedSince = Date.now();
        this.logger?.error(
          { err: { message: (error as Error).message } },
          'replay cache: Redis unavailable; replays are caught on this replica only until it is back',
        );
      }
      return this.fallback.checkAndRemember(id, ttlMs);
    }
  }
}
