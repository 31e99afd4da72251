import { MemoryReplayCache, ReplayCacheFullError } from '../../../src/protocol/auth/replay-cache.js';

describe('MemoryReplayCache', () => {
  it('reports a repeat within the ttl and forgets after it', async () => {
    let now = 0;
    const cache = new MemoryReplayCache(10, () => now);
    expect(await cache.checkAndRemember('a', 1000)).toBe(false);
    expect(await cache.checkAndRemember('a', 1000)).toBe(true);
    now = 1001;
    expect(await cache.checkAndRemember('a', 1000)).toBe(false);
  });

  it('never forgets a live entry: when full it refuses new ids with a retry time', async () => {
    let now = 0;
    const cache = new MemoryReplayCache(3, () => now);
    for (const id of ['a', 'b', 'c']) await cache.checkAndRemember(id, 60_000);
    await expect(cache.checkAndRemember('d', 60_000)).rejects.toBeInstanceOf(ReplayCacheFullError);
    expect(cache.size).toBe(3);
    expect(await cache.checkAndRemember('a', 60_000)).toBe(true);
    now = 30_000;
    const full = await cache.checkAndRemember('e', 60_000).catch((error: ReplayCacheFullError) => error);
    expect(full).toBeInstanceOf(ReplayCacheFullError);
    expect((full as ReplayCacheFullError).retryAfterSeconds).toBe(30);
  });

  it('makes room from expired entries wherever they are, whatever their ttl', async () => {
    let now = 0;
    const cache = new MemoryReplayCache(3, () => now);
    await cache.checkAndRemember('long', 600_000);
    await cache.checkAndRemember('short-1', 1_000);
    await cache.checkAndRemember('short-2', 1_000);
    now = 2_000;
    // The front entry is live, so only a sweep past it frees the two expired ones.
    expect(await cache.checkAndRemember('new', 60_000)).toBe(false);
    expect(cache.size).toBe(2);
    expect(await cache.checkAndRemember('long', 600_000)).toBe(true);
  });
});
