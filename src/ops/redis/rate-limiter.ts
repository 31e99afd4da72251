/**
 * The per-client rate limit shared by every replica through Redis: one token bucket per client in a Redis hash,
 * refilled and spent by one Lua script, so the read-refill-spend is atomic however many replicas take at once. The
 * clock is Redis's own (TIME), so replicas with skewed clocks still agree on how full a bucket is.
 *
 * If Redis cannot answer (down, slow past the command timeout), each replica falls back to its own in-memory
 * bucket: the limit is then per replica until Redis is back, which is logged once. Refusing every call would turn a
 * Redis outage into a service outage; not limiting at all would drop the protection.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  type RateLimit,
  RateLimiter,
  type RateLimitStore,
  retryAfterSeconds,
  type Take,
} from '../../protocol/rate-limit.js';

/** KEYS[1] the bucket; ARGV rate (tokens/s), burst, idle expiry (ms). Answers {1} or {0, tokens left as text}. */
const TAKE_TOKEN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(stored[1])
local at = tonumber(stored[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if allowed == 1 then return {1} end
return {0, tostring(tokens)}
`;

type TakeToken = (key: string, rate: number, burst: number, expireMs: number) => Promise<[number, string?]>;

export class RedisRateLimiter implements RateLimitStore {
  private readonly fallback: RateLimiter;
  private degraded = false;
  private readonly takeToken: TakeToken;

  constructor(
    redis: Redis,
    private readonly logger?: Logger,
    private readonly prefix = 'spect-cds:rate:',
    now: () => number = Date.now,
  ) {
    // defineCommand sends EVALSHA and falls back to EVAL once if Redis does not know the script yet.
    redis.defineCommand('spectTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
    const command = (redis as unknown as { spectTakeToken: TakeToken }).spectTakeToken;
    this.takeToken = command.bind(redis);
    this.fallback = new RateLimiter(now);
  }

  async take(key: string, limit: RateLimit): Promise<Take> {
    // Hashed: an iss is a URL of any length; the Redis key stays short.
    const bucket = this.prefix + createHash('sha256').update(key).digest('base64url');
    // A bucket idle this long is full again, so Redis may forget it.
    const expireMs = Math.ceil((limit.burst / limit.requestsPerSecond) * 1000) + 1000;
    try {
      const [allowed, left] = await this.takeToken(bucket, limit.requestsPerSecond, limit.burst, expireMs);
      if (this.degraded) {
        this.degraded = false;
        this.logger?.info('rate limit: Redis answers again; the limit is shared by all replicas');
      }
      if (allowed === 1) return { allowed: true };
      return { allowed: false, retryAfterSeconds: retryAfterSeconds(Number(left), limit) };
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger?.error(
          { err: { message: (error as Error).message } },
          'rate limit: Redis unavailable; each replica limits on its own until it is back',
        );
      }
      return this.fallback.take(key, limit);
    }
  }
}
