/**
 * evaluateOrder alone on the HUGE chart, cold: every round gets facts it has never seen (gathered beforehand from
 * the same prefetch), as each hook call does. Prints min and median ms per determination.
 *   node dist/p1/bench/evaluate-micro.js [rounds]
 */
import { performance } from 'node:perf_hooks';
import { loadPolicy } from '../src/app/load-policy.js';
import { gatherFacts } from '../src/data/gather.js';
import { normalizeDraftOrders } from '../src/data/normalize/draft-orders.js';
import { evaluateOrder, selectOrdersInScope } from '../src/policy/index.js';
import { chartFor, draftOrdersOf, HUGE, prefetchOf } from './charts.js';

const rounds = Number(process.argv[2] ?? 30);
const policy = loadPolicy();
const pid = 'micro-1';
const prefetch = JSON.parse(JSON.stringify(prefetchOf(chartFor(pid, HUGE))));
const drafts = normalizeDraftOrders(draftOrdersOf(pid, true));
const [order] = selectOrdersInScope(drafts, undefined, policy);
const all = [];
for (let i = 0; i < rounds; i++) {
  all.push(
    await gatherFacts({
      patientId: pid,
      asOf: new Date().toISOString(),
      prefetch,
      draftOrders: drafts,
      allowedFhirServers: [],
      budgetMs: 1000,
      maxPages: 5,
    }),
  );
}
const times: number[] = [];
for (const facts of all) {
  const t0 = performance.now();
  evaluateOrder(facts, order!, policy);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `evaluate HUGE cold: min ${times[0]!.toFixed(2)} ms  median ${times[times.length >> 1]!.toFixed(2)} ms`,
);
