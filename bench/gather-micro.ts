/**
 * gatherFacts alone (prefetch only, no FHIR server) on the HUGE chart's parsed prefetch: min and median ms.
 *   node dist/p1/bench/gather-micro.js [rounds]
 */
import { performance } from 'node:perf_hooks';
import { gatherFacts } from '../src/data/gather.js';
import { normalizeDraftOrders } from '../src/data/normalize/draft-orders.js';
import { chartFor, draftOrdersOf, HUGE, prefetchOf } from './charts.js';

const rounds = Number(process.argv[2] ?? 30);
const pid = 'micro-1';
const prefetch = JSON.parse(JSON.stringify(prefetchOf(chartFor(pid, HUGE))));
const drafts = normalizeDraftOrders(draftOrdersOf(pid, true));
const times: number[] = [];
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  await gatherFacts({
    patientId: pid,
    asOf: new Date().toISOString(),
    prefetch,
    draftOrders: drafts,
    allowedFhirServers: [],
    budgetMs: 1000,
    maxPages: 5,
  });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`gather HUGE: min ${times[0]!.toFixed(2)} ms  median ${times[times.length >> 1]!.toFixed(2)} ms`);
