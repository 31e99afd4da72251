/**
 * Counts fact-cache lookups as hits or misses (spect_cds_cache_lookups_total{result="hit"|"miss"}; a dashboard
 * takes the ratio over the window it shows). A lookup that throws counts as a miss, as gatherFacts treats it.
 */
import type { FactCache } from '../data/fact-cache.js';
import type { ServiceMetrics } from './metrics.js';

export function instrumentFactCache(
  cache: FactCache | undefined,
  metrics: ServiceMetrics,
  name = 'facts',
): FactCache | undefined {
  if (!cache) return undefined;
  return {
    async get(key) {
      let value: Awaited<ReturnType<FactCache['get']>>;
      try {
        value = await cache.get(key);
      } catch (error) {
        metrics.cacheLookups.inc({ cache: name, result: 'miss' });
        throw error;
      }
      metrics.cacheLookups.inc({ cache: name, result: value ? 'hit' : 'miss' });
      return value;
    },
    set: (key, value) => cache.set(key, value),
  };
}
