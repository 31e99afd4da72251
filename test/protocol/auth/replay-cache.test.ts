import { MemoryReplayCache } from '../../../src/protocol/auth/replay-cache.js';

describe('MemoryReplayCache', () => {
  it('reports a repeat within the ttl and forgets after it', async () => {
    let now = 0;
    const cache = new MemoryReplayCache(10, () => now);
    expect(await cache.checkAndRemember('a', 1000)).toBe(false);
    expect(await cache.checkAndRemember('a', 1000)).toBe(true);
    now = 1001;
    expect(await cache.checkAndRemember('a', 1000)).toBe(false);
  });

  it('stays within its bound, dropping the oldest entries', async () => {
    const cache = new MemoryReplayCache(3, () => 0);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await cache.checkAndRemember(id, 60_000);
    expect(cache.size).toBeLessThanOrEqual(3);
    expect(await cache.checkAndRemember('e', 60_000)).toBe(true);
  });
});
