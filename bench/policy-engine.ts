/**
 * Scenario 6: the policy engine alone, on one core (this thread): determinations per second for the typical chart,
 * facts gathered and normalized once beforehand, as the service does per call.
 */
import { loadPolicy } from '../src/app/load-policy.js';
import { gatherFacts } from '../src/data/gather.js';
import { normalizeDraftOrders } from '../src/data/normalize/draft-orders.js';
import { evaluateOrder, selectOrdersInScope } from '../src/policy/index.js';
import { chartFor, draftOrdersOf, prefetchOf, TYPICAL } from './charts.js';

export interface EngineResult {
  determinations: number;
  seconds: number;
  perSecond: number;
  outcome: string;
}

export async function benchPolicyEngine(seconds: number): Promise<EngineResult> {
  const policy = loadPolicy();
  const pid = 'engine-1';
  const drafts = normalizeDraftOrders(draftOrdersOf(pid, true));
  const [order] = selectOrdersInScope(drafts, undefined, policy);
  if (!order) throw new Error('the bench SPECT order is not in scope');
  const facts = await gatherFacts({
    patientId: pid,
    asOf: new Date().toISOString(),
    prefetch: prefetchOf(chartFor(pid, TYPICAL)),
    draftOrders: drafts,
    allowedFhirServers: [],
    budgetMs: 1000,
    maxPages: 5,
  });
  // Warm up the JIT, then count whole batches until the time is up.
  for (let i = 0; i < 2000; i++) evaluateOrder(facts, order, policy);
  let determinations = 0;
  let outcome = '';
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < until) {
    for (let i = 0; i < 500; i++) outcome = evaluateOrder(facts, order, policy).outcome;
    determinations += 500;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { determinations, seconds: elapsed, perSecond: determinations / elapsed, outcome };
}
