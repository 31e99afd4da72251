import { Redis } from 'ioredis';
import { RedisReplayCache } from '../../../src/ops/redis/replay-cache.js';
import { describeWithRedis, useTwoReplicas } from './redis-test-support.js';

describeWithRedis('RedisReplayCache against a real Redis', () => {
  const replicas = useTwoReplicas();

  test('a jti seen by one replica is a replay on another', async () => {
    const a = new RedisReplayCache(replicas.replicaA, undefined, replicas.prefix);
    const b = new RedisReplayCache(replicas.replicaB, undefined, replicas.prefix);
    expect(await a.checkAndRemember('jti-1', 60_000)).toBe(false);
    expect(await b.checkAndRemember('jti-1', 60_000)).toBe(true);
    expect(await a.checkAndRemember('jti-1', 60_000)).toBe(true);
    expect(await b.checkAndRemember('jti-2', 60_000)).toBe(false);
  });

  test('the jti is forgotten after its ttl; the key is hashed, not the raw jti', async () => {
    const a = new RedisReplayCache(replicas.replicaA, undefined, replicas.prefix);
    expect(await a.checkAndRemember('short-lived/jti with spaces', 60)).toBe(false);
    const keys = await replicas.replicaA.keys(`${replicas.prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('short-lived');
    const ttl = await replicas.replicaA.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    await new Promise((resolve) => setTimeout(resolve, 120));
    // A new cache instance: the answer can only come from Redis, where the key has expired.
    const b = new RedisReplayCache(replicas.replicaB, undefined, replicas.prefix);
    expect(await b.checkAndRemember('short-lived/jti with spaces', 60_000)).toBe(false);
  });
});

describe('RedisReplayCache when Redis cannot be reached', () => {
  test('falls back to this replica’s memory: replays to it are still caught, nothing throws', async () => {
    // Never connected and no offline queue: every command fails at once, as when Redis is down.
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false });
    try {
      const cache = new RedisReplayCache(redis);
      expect(await cache.checkAndRemember('jti-x', 60_000)).toBe(false);
      expect(await cache.checkAndRemember('jti-x', 60_000)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
