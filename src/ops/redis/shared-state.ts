/**
 * With REDIS_URL, the state replicas must share: the JWT replay cache, the fact cache and the per-client rate-limit
 * buckets. Without it, each replica keeps its own in memory (createApp's defaults), which is right for one replica.
 */
import type { Logger } from 'pino';
import type { ServiceConfig } from '../../config.js';
import type { FactCache } from '../../data/fact-cache.js';
import type { ReplayCache } from '../../protocol/auth/replay-cache.js';
import type { RateLimitStore } from '../../protocol/rate-limit.js';
import { connectRedis } from './connect.js';
import { RedisFactCache } from './fact-cache.js';
import { RedisRateLimiter } from './rate-limiter.js';
import { RedisReplayCache } from './replay-cache.js';

export interface SharedState {
  replayCache: ReplayCache;
  /** Undefined when the config turns the fact cache off (factCacheSeconds 0). */
  factCache?: FactCache;
  /** The per-client rate limit's buckets, shared so N replicas allow the configured rate, not N times it. */
  rateLimiter: RateLimitStore;
  /** Resolves when Redis answers a PING (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function redisSharedState(redisUrl: string, config: ServiceConfig, logger?: Logger): SharedState {
  const redis = connectRedis(redisUrl, logger);
  const ttlSeconds = config.factCacheSeconds;
  return {
    replayCache: new RedisReplayCache(redis, logger),
    rateLimiter: new RedisRateLimiter(redis, logger),
    factCache: ttlSeconds > 0 ? new RedisFactCache(redis, { ttlMs: ttlSeconds * 1000 }) : undefined,
    async ping() {
      await redis.ping();
    },
    async close() {
      // QUIT needs a live connection; a Redis that is down only needs its reconnect timer stopped.
      if (redis.status !== 'ready') return redis.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
