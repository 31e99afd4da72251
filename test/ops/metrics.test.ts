import { ServiceMetrics } from '../../src/ops/metrics.js';
import { sample } from './prometheus-text.js';

describe('ServiceMetrics', () => {
  test('exposes every metric family in Prometheus text, with its help and type', async () => {
    const { contentType, body } = await new ServiceMetrics().exposition();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const [name, type] of [
      ['spect_cds_hook_duration_seconds', 'histogram'],
      ['spect_cds_determinations_total', 'counter'],
      ['spect_cds_determination_findings_total', 'counter'],
      ['spect_cds_criteria_met_total', 'counter'],
      ['spect_cds_cards_total', 'counter'],
      ['spect_cds_fhir_query_duration_seconds', 'histogram'],
      ['spect_cds_fhir_query_errors_total', 'counter'],
      ['spect_cds_cache_lookups_total', 'counter'],
      ['spect_cds_store_writes_total', 'counter'],
    ]) {
      expect(body).toContain(`# TYPE ${name} ${type}`);
    }
    // Process metrics are opt-in: many apps are built per test process.
    expect(body).not.toContain('process_cpu');
    // Hits and misses are counters; a since-start ratio gauge hid every recent change.
    expect(body).not.toContain('hit_ratio');
  });

  test('process metrics when asked for, under the standard names stock Node.js dashboards query', async () => {
    const { body } = await new ServiceMetrics({ processMetrics: true }).exposition();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
    ]) {
      expect(body).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(body).not.toContain('spect_cds_process_');
    expect(body).not.toContain('spect_cds_nodejs_');
  });

  test('cache hits and misses are separate counter series, per cache', async () => {
    const metrics = new ServiceMetrics();
    metrics.cacheLookups.inc({ cache: 'facts', result: 'hit' }, 3);
    metrics.cacheLookups.inc({ cache: 'facts', result: 'miss' }, 1);
    const { body } = await metrics.exposition();
    expect(sample(body, 'spect_cds_cache_lookups_total', { cache: 'facts', result: 'hit' })).toBe(3);
    expect(sample(body, 'spect_cds_cache_lookups_total', { cache: 'facts', result: 'miss' })).toBe(1);
  });

  test('two instances keep separate registries', async () => {
    const a = new ServiceMetrics();
    const b = new ServiceMetrics();
    a.storeWrites.inc({ store: 'feedback', result: 'ok' });
    expect(sample((await a.exposition()).body, 'spect_cds_store_writes_total')).toBe(1);
    expect(sample((await b.exposition()).body, 'spect_cds_store_writes_total')).toBeUndefined();
  });
});
