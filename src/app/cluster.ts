/**
 * Multi-process mode (config `workers` > 1): one JavaScript thread cannot use more than one core, so the primary
 * process forks that many workers (node:cluster), each running the whole service on the shared port; the primary
 * serves no HTTP itself. It hands connections to workers in turn, holds the state they must share (replay cache,
 * fact cache: src/app/ipc-shared-state.ts) unless Redis holds it, replaces a worker that dies, and on SIGTERM/SIGINT
 * stops every worker gracefully and exits 0 once they all have.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { SHUTDOWN_EXIT_MARGIN_MS, SHUTDOWN_FLUSH_BOUND_MS } from './graceful-shutdown.js';
import { type PrimaryState, serveSharedState } from './ipc-shared-state.js';
import { exitAfterLogs } from './log-destination.js';

export interface PrimaryOptions {
  workers: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The state workers share over IPC; undefined when Redis holds it (REDIS_URL). */
  shared?: PrimaryState;
  /** Workers get this long to finish in-flight calls (their own shutdownGraceMs), plus a margin, before SIGKILL. */
  shutdownGraceMs: number;
}

/** A worker dying this soon after its start is a start-up failure (bad store, port taken): not retried forever. */
const CRASH_LOOP_MS = 5_000;
/** Beyond shutdownGraceMs, what a worker's own bounded shutdown may take (its store flush, its last log lines), and 1 s. */
const KILL_MARGIN_MS = SHUTDOWN_FLUSH_BOUND_MS + SHUTDOWN_EXIT_MARGIN_MS + 1_000;

export function runPrimary(options: PrimaryOptions): void {
  const { logger } = options;
  let stopping = false;
  const started = new Map<Worker, number>();

  const fork = (): void => {
    const worker = cluster.fork();
    started.set(worker, Date.now());
    if (options.shared) serveSharedState(worker, options.shared);
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (stopping) return;
    if (lived < CRASH_LOOP_MS) {
      logger.error({ pid: worker.process.pid, code, signal }, 'cluster: a worker failed at start; stopping');
      stop(1);
      return;
    }
    logger.warn({ pid: worker.process.pid, code, signal }, 'cluster: a worker died; starting another');
    fork();
  });

  let exitCode = 0;
  const stop = (code: number): void => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    // Each worker runs its own graceful shutdown (src/app/graceful-shutdown.ts) and exits with its own code.
    let remaining = workers.length;
    const killer = setTimeout(() => {
      logger.warn('cluster: workers still running after the grace bound; killing them');
      for (const worker of workers) worker.process.kill('SIGKILL');
    }, options.shutdownGraceMs + KILL_MARGIN_MS);
    const finish = () => {
      clearTimeout(killer);
      logger.info({ exitCode }, 'cluster: all workers stopped');
      exitAfterLogs(exitCode);
    };
    if (remaining === 0) {
      finish();
      return;
    }
    for (const worker of workers) {
      worker.once('exit', (workerCode) => {
        if (workerCode !== 0) exitCode = 1;
        remaining -= 1;
        if (remaining === 0) finish();
      });
      worker.process.kill('SIGTERM');
    }
  };

  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutdown: stopping the workers');
    stop(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  logger.info(
    { workers: options.workers, shared: options.shared ? 'primary' : 'redis' },
    'cluster: starting',
  );
  // Readiness for operators (and tests): the port is fully served once every worker has started listening.
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === options.workers)
      logger.info({ workers: listening }, 'cluster: every worker is listening');
  });
  for (let i = 0; i < options.workers; i++) fork();
}
