import { instrumentStore } from '../../src/ops/instrument-store.js';
import { ServiceMetrics } from '../../src/ops/metrics.js';
import { MemoryFeedbackStore } from '../../src/protocol/feedback/store.js';
import { sample } from './prometheus-text.js';

const item = { card: 'c1', outcome: 'overridden' as const, outcomeTimestamp: '2026-01-01T00:00:00Z' };

describe('instrumentStore', () => {
  test('counts each write, passes reads through, and leaves the store working', async () => {
    const metrics = new ServiceMetrics();
    const store = instrumentStore(new MemoryFeedbackStore(), 'feedback', ['append'], metrics);
    await store.append([item], { serviceId: 's', iss: 'ehr' });
    await store.append([item, item], { serviceId: 's', iss: 'ehr' });
    expect(await store.count()).toBe(3);
    expect((await store.list()).map((r) => r.item.card)).toEqual(['c1', 'c1', 'c1']);
    const { body } = await metrics.exposition();
    expect(sample(body, 'spect_cds_store_writes_total', { store: 'feedback', result: 'ok' })).toBe(2);
  });

  test('a failing write is counted as an error and rethrown unchanged', async () => {
    const metrics = new ServiceMetrics();
    const failure = new Error('disk full');
    const broken = {
      async append(): Promise<void> {
        throw failure;
      },
    };
    const store = instrumentStore(broken, 'audit', ['append'], metrics);
    await expect(store.append()).rejects.toBe(failure);
    const { body } = await metrics.exposition();
    expect(sample(body, 'spect_cds_store_writes_total', { store: 'audit', result: 'error' })).toBe(1);
    expect(sample(body, 'spect_cds_store_writes_total', { store: 'audit', result: 'ok' })).toBeUndefined();
  });
});
