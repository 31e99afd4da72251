/**
 * Readiness (GET /readyz), beside liveness (GET /healthz). Liveness says the process answers; readiness says it can
 * do its work now: the audit store takes writes (a hook call is answered 200 only after its audit record commits),
 * Redis answers when replicas share state through it, and the policy is loaded. An orchestrator sends traffic only
 * to a ready instance and restarts only a dead one, so a lost database takes a pod out of the load balancer
 * without a restart loop.
 */
import type { Request, Response } from 'express';
import type { CompiledPolicy } from '../policy/index.js';

export interface ReadinessCheck {
  /** Shown in the answer: "store", "redis", "policy". */
  name: string;
  /** Resolves when ready; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'ok' | 'failed'; reason?: string }>;
}

/** A check that has not answered within this long has failed: a probe must never hang. */
export const READINESS_TIMEOUT_MS = 1000;

export async function runReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = READINESS_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((c) => settleWithin(c.check, timeoutMs)));
  const report: ReadinessReport = { status: 'ready', checks: {} };
  checks.forEach((c, i) => {
    const failure = results[i];
    if (failure === undefined) report.checks[c.name] = { status: 'ok' };
    else {
      report.status = 'not-ready';
      report.checks[c.name] = { status: 'failed', reason: failure };
    }
  });
  return report;
}

/** undefined when the check passed in time, else the reason it did not. */
async function settleWithin(check: () => Promise<void>, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      check().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The route handler. Concurrent probes share one run, so a burst of probes (several kubelets, a load balancer)
 * costs one store and one Redis round trip.
 */
export function readinessHandler(checks: readonly ReadinessCheck[]) {
  let running: Promise<ReadinessReport> | undefined;
  return async (_req: Request, res: Response): Promise<void> => {
    running ??= runReadiness(checks).finally(() => {
      running = undefined;
    });
    const report = await running;
    res.status(report.status === 'ready' ? 200 : 503).json(report);
  };
}

/** The policy is compiled before the app exists; the check says which one is served, and fails on an empty one. */
export function policyReadiness(policy: CompiledPolicy): ReadinessCheck {
  return {
    name: 'policy',
    check: async () => {
      if (!policy?.id || policy.indications.length === 0) throw new Error('no policy is loaded');
    },
  };
}
