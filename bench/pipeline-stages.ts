/**
 * In-process timing of each stage of one hook call on a chart (scenario 2's HUGE by default), without HTTP or JWT:
 * JSON.parse of the body, zod validation, draft normalization, gathering facts from prefetch, evaluation, cards.
 * Tells where the milliseconds of a big chart go, so optimization follows the numbers rather than guesses.
 *
 *   npx tsc -p bench/tsconfig.json --outDir dist/p1 && node dist/p1/bench/pipeline-stages.js [typical] [rounds]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServiceRequest } from 'fhir/r4.js';
import { loadCardTexts } from '../src/app/load-cards.js';
import { loadPolicy } from '../src/app/load-policy.js';
import { renderResponse } from '../src/cards/index.js';
import { gatherFacts } from '../src/data/gather.js';
import { normalizeDraftConditions, normalizeDraftOrders } from '../src/data/normalize/draft-orders.js';
import { evaluateOrder, selectOrdersInScope } from '../src/policy/index.js';
import { orderSignRequestSchema } from '../src/protocol/schemas/hook-request.js';
import { chartFor, HUGE, hookBody, TYPICAL } from './charts.js';

type Stage = 'parse' | 'validate' | 'drafts' | 'gather' | 'evaluate' | 'render' | 'stringify';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchStages(
  size = HUGE,
  rounds = 30,
  pick: (values: number[]) => number = median,
): Promise<Record<Stage | 'total', number>> {
  const policy = loadPolicy();
  const texts = loadCardTexts();
  const pid = 'stages-1';
  const body = hookBody({ hook: 'order-sign', pid, chart: chartFor(pid, size) });
  const times: Record<Stage, number[]> = {
    parse: [],
    validate: [],
    drafts: [],
    gather: [],
    evaluate: [],
    render: [],
    stringify: [],
  };
  const totals: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    const raw = JSON.parse(body);
    const t1 = performance.now();
    const request = orderSignRequestSchema.parse(raw);
    const t2 = performance.now();
    const drafts = normalizeDraftOrders(request.context.draftOrders);
    const draftConditions = normalizeDraftConditions(request.context.draftOrders);
    const inScope = selectOrdersInScope(drafts, undefined, policy);
    const t3 = performance.now();
    const facts = await gatherFacts({
      patientId: pid,
      asOf: new Date().toISOString(),
      prefetch: request.prefetch,
      draftOrders: drafts,
      draftConditions,
      allowedFhirServers: [],
      budgetMs: 1000,
      maxPages: 5,
    });
    const t4 = performance.now();
    const determinations = inScope.map((order) => evaluateOrder(facts, order, policy));
    const t5 = performance.now();
    const draftResources = new Map<string, ServiceRequest>();
    for (const entry of request.context.draftOrders.entry ?? []) {
      const r = entry.resource as unknown as ServiceRequest;
      if (r.resourceType === 'ServiceRequest' && r.id) draftResources.set(`ServiceRequest/${r.id}`, r);
    }
    const response = renderResponse(
      determinations,
      {
        hook: 'order-sign',
        coverage: facts.coverage,
        draftResources,
        date: new Date().toISOString().slice(0, 10),
        newId: randomUUID,
        insurerName: 'Blue Cross VT',
        policyUrl: policy.url,
      },
      texts,
    );
    const t6 = performance.now();
    JSON.stringify(response);
    const t7 = performance.now();
    if (round === 0) continue; // the first round pays for the JIT
    times.parse.push(t1 - t0);
    times.validate.push(t2 - t1);
    times.drafts.push(t3 - t2);
    times.gather.push(t4 - t3);
    times.evaluate.push(t5 - t4);
    times.render.push(t6 - t5);
    times.stringify.push(t7 - t6);
    totals.push(t7 - t0);
  }
  const result = {} as Record<Stage | 'total', number>;
  for (const stage of Object.keys(times) as Stage[])
    result[stage] = Math.round(pick(times[stage]) * 100) / 100;
  result.total = Math.round(pick(totals) * 100) / 100;
  return result;
}

const direct = process.argv[1]?.endsWith('pipeline-stages.js');
if (direct) {
  const size = process.argv[2] === 'typical' ? TYPICAL : HUGE;
  const rounds = Number(process.argv[3] ?? 30);
  benchStages(size, rounds).then(async (r) => {
    console.log('median', JSON.stringify(r));
    console.log('min   ', JSON.stringify(await benchStages(size, rounds, (v) => Math.min(...v))));
    console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  });
}
