/**
 * Run all of a gather's FHIR queries in parallel under ONE time budget. When the budget is spent, in-flight
 * requests are aborted and every unfinished query is reported at once as a timeout gap, keeping whatever it had
 * already read: a hanging server (or a fetch that ignores the abort) cannot hold the hook call past the budget.
 */
import type { DataGap, FactTopic } from './facts.js';
import type { QueryResult } from './fhir-query.js';

export interface BudgetedQuery {
  topic: FactTopic;
  resourceType: string;
  /** Filled in place by `run`, so a timeout can report partial results. */
  result: QueryResult;
  run: (signal: AbortSignal, budgetExpired: () => boolean) => Promise<unknown>;
}

function timeoutGap(query: BudgetedQuery, budgetMs: number): DataGap {
  return {
    topic: query.topic,
    reason: 'timeout',
    message: `${query.resourceType} query: no complete answer within the ${budgetMs} ms budget`,
  };
}

/** Resolves when every query has finished or the budget is spent, whichever is first; never rejects. */
export async function runWithinBudget(
  queries: readonly BudgetedQuery[],
  budgetMs: number,
  outer?: AbortSignal,
): Promise<QueryResult[]> {
  const controller = new AbortController();
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      expired = true;
      controller.abort();
      resolve();
    }, budgetMs);
  });
  // The caller (e.g. a hook call whose client hung up) may cancel too.
  const cancel = () => controller.abort();
  if (outer?.aborted) cancel();
  outer?.addEventListener('abort', cancel, { once: true });

  let unfinished = queries.length;
  const settled = queries.map((query) => {
    const finished = query
      .run(controller.signal, () => expired)
      .then(() => {
        unfinished--;
        return query.result;
      })
      // run() is written not to reject; if it ever does, the topic still shows up as a gap, not as "no data".
      .catch(
        (): QueryResult => ({
          ...query.result,
          gap: query.result.gap ?? {
            topic: query.topic,
            reason: 'unreachable',
            message: `${query.resourceType} query: failed unexpectedly`,
          },
        }),
      );
    const timedOut = deadline.then(
      (): QueryResult => ({
        ...query.result,
        resources: [...query.result.resources],
        gap: timeoutGap(query, budgetMs),
      }),
    );
    return Promise.race([finished, timedOut]);
  });
  try {
    return await Promise.all(settled);
  } finally {
    clearTimeout(timer);
    // Only when something is still in flight (budget spent, caller gone): an abort builds a DOMException with a
    // stack trace, which on the common path (every query answered) was measurable CPU for nothing.
    if (unfinished > 0) controller.abort();
    outer?.removeEventListener('abort', cancel);
  }
}
