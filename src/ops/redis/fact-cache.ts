/**
 * The fact cache shared by every replica through Redis, so an order-select answered by one replica spares the
 * EHR's FHIR server the same queries when the order-sign lands on another. Same contract as the in-memory cache
 * (src/data/fact-cache.ts): keys name the client, FHIR base, patient, topic and the keyed hash of the access token
 * (so a replica serves an answer only to the token that fetched it; replicas share the hash's secret,
 * CDS_FACT_CACHE_SECRET); values are plain JSON; entries expire after the configured TTL.
 *
 * Keys are hashed so patient ids do not appear in Redis key listings. The values are clinical data: Redis must be
 * private to the service (docs/deployment.md). Oversized answers are not cached rather than filling Redis.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type CachedTopic, type FactCache, type FactCacheKey, factCacheKey } from '../../data/fact-cache.js';

export interface RedisFactCacheOptions {
  ttlMs: number;
  /** Answers larger than this (JSON bytes) are not stored. */
  maxValueBytes?: number;
  prefix?: string;
}

function isCachedTopic(value: unknown): value is CachedTopic {
  const v = value as Partial<CachedTopic> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.resources) &&
    typeof v.skipped === 'number' &&
    typeof v.pages === 'number'
  );
}

export class RedisFactCache implements FactCache {
  private readonly prefix: string;
  private readonly maxValueBytes: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisFactCacheOptions,
  ) {
    this.prefix = options.prefix ?? 'spect-cds:facts:';
    this.maxValueBytes = options.maxValueBytes ?? 2_000_000;
  }

  private key(key: FactCacheKey): string {
    return this.prefix + createHash('sha256').update(factCacheKey(key)).digest('base64url');
  }

  async get(key: FactCacheKey): Promise<CachedTopic | undefined> {
    const text = await this.redis.get(this.key(key));
    if (text === null) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      // Another version of the service may share the Redis: anything not shaped like an answer is a miss.
      return isCachedTopic(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: FactCacheKey, value: CachedTopic): Promise<void> {
    const text = JSON.stringify(value);
    if (Buffer.byteLength(text) > this.maxValueBytes) return;
    await this.redis.set(this.key(key), text, 'PX', Math.max(1, Math.ceil(this.options.ttlMs)));
  }
}
