import { emptyResult } from '../../src/data/fhir-query.js';
import { type BudgetedQuery, runWithinBudget } from '../../src/data/query-budget.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function query(run: BudgetedQuery['run'], result = emptyResult()): BudgetedQuery {
  return { topic: 'conditions', resourceType: 'Condition', result, run };
}

describe('runWithinBudget', () => {
  test('returns every result when all finish in time, running them in parallel', async () => {
    const queries = [1, 2, 3].map((n) =>
      query(async (_signal, _expired) => {
        await sleep(100);
        return n;
      }),
    );
    queries.forEach((q, i) => {
      q.result.resources.push(i);
    });
    const started = Date.now();
    const results = await runWithinBudget(queries, 1000);
    expect(Date.now() - started).toBeLessThan(250); // 3 x 100 ms sequentially would take 300
    expect(results.map((r) => r.resources)).toEqual([[0], [1], [2]]);
    expect(results.every((r) => r.gap === undefined)).toBe(true);
  });

  test('a query that ignores the abort still cannot hold the call past the budget; partial data is kept', async () => {
    const hanging = query(async (_signal) => {
      hanging.result.resources.push('page-1');
      await new Promise(() => {}); // never settles, never listens to the signal
    });
    const quick = query(async () => {});
    const started = Date.now();
    const [slow, fast] = await runWithinBudget([hanging, quick], 150);
    expect(Date.now() - started).toBeLessThan(400);
    expect(slow).toEqual({
      resources: ['page-1'],
      skipped: 0,
      pages: 0,
      gap: {
        topic: 'conditions',
        reason: 'timeout',
        message: 'Condition query: no complete answer within the 150 ms budget',
      },
    });
    expect(fast?.gap).toBeUndefined();
  });

  test('the signal given to queries aborts at the budget, and budgetExpired tells why', async () => {
    let sawAbort = false;
    let expiredAtAbort = false;
    const q = query(
      (signal, budgetExpired) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            expiredAtAbort = budgetExpired();
            resolve(undefined);
          });
        }),
    );
    await runWithinBudget([q], 50);
    expect(sawAbort).toBe(true);
    expect(expiredAtAbort).toBe(true);
  });

  test('an outer abort cancels the queries', async () => {
    const outer = new AbortController();
    let aborted = false;
    const q = query(
      (signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            q.result.gap = {
              topic: 'conditions',
              reason: 'timeout',
              message: 'Condition query: request cancelled',
            };
            resolve(undefined);
          });
        }),
    );
    setTimeout(() => outer.abort(), 20);
    const started = Date.now();
    const [result] = await runWithinBudget([q], 5000, outer.signal);
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result?.gap?.reason).toBe('timeout');
  });

  test('a query that rejects becomes a gap, not silent "no data"', async () => {
    const [result] = await runWithinBudget([query(async () => Promise.reject(new Error('bug')))], 1000);
    expect(result?.gap?.reason).toBe('unreachable');
  });
});
