import type { FactCache, FactCacheKey } from '../../src/data/fact-cache.js';
import { MemoryFactCache } from '../../src/data/fact-cache.js';
import { instrumentFactCache } from '../../src/ops/instrument-fact-cache.js';
import { ServiceMetrics } from '../../src/ops/metrics.js';
import { sample } from './prometheus-text.js';

const key: FactCacheKey = {
  clientId: 'ehr',
  fhirServer: 'https://f.example/r4',
  patientId: 'p',
  topic: 'conditions',
  tokenDigest: 'digest',
};

test('counts hits and misses and passes values through', async () => {
  const metrics = new ServiceMetrics();
  const cache = instrumentFactCache(new MemoryFactCache({ ttlMs: 60_000, maxResources: 100 }), metrics)!;
  expect(await cache.get(key)).toBeUndefined();
  await cache.set(key, { resources: [{ resourceType: 'Condition' }], skipped: 0, pages: 1 });
  expect((await cache.get(key))?.resources).toHaveLength(1);
  await cache.get(key);
  const { body } = await metrics.exposition();
  expect(sample(body, 'spect_cds_cache_lookups_total', { cache: 'facts', result: 'hit' })).toBe(2);
  expect(sample(body, 'spect_cds_cache_lookups_total', { cache: 'facts', result: 'miss' })).toBe(1);
});

test('a failing lookup is a miss and its error still reaches the caller', async () => {
  const metrics = new ServiceMetrics();
  const broken: FactCache = {
    get: () => Promise.reject(new Error('redis down')),
    set: () => Promise.resolve(),
  };
  await expect(instrumentFactCache(broken, metrics)!.get(key)).rejects.toThrow('redis down');
  const { body } = await metrics.exposition();
  expect(sample(body, 'spect_cds_cache_lookups_total', { result: 'miss' })).toBe(1);
});

test('no cache stays no cache', () => {
  expect(instrumentFactCache(undefined, new ServiceMetrics())).toBeUndefined();
});
