/**
 * SIGTERM: stop accepting connections, let in-flight calls finish (up to a bound), then flush what must not be
 * lost (the audit and feedback store), and report the exit code. A call cut off at the bound was never answered
 * 200, so the EHR sees a failed call, not a lost record; and since every 200 is answered only after its audit
 * record committed, a forced exit at the outer bound loses nothing that was answered.
 *
 * The whole shutdown is bounded, whatever hangs: the flushes get SHUTDOWN_FLUSH_BOUND_MS after the grace period, and
 * a backstop timer exits the process (code 1, with a line on stderr if it can still be written) once
 * graceMs + SHUTDOWN_FLUSH_BOUND_MS + SHUTDOWN_EXIT_MARGIN_MS have passed.
 */
import { write } from 'node:fs';
import type { Server } from 'node:http';
import type { Logger } from 'pino';

/** After the grace period, how long the store and log flushes may take before the process exits anyway (ms). */
export const SHUTDOWN_FLUSH_BOUND_MS = 5_000;
/** Beyond the flush bound, the backstop's margin for the last log lines (ms). */
export const SHUTDOWN_EXIT_MARGIN_MS = 1_000;

export interface ShutdownOptions {
  /** How long in-flight calls may take to finish once shutdown begins (ms). */
  graceMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /**
   * Run after the server has closed, in order (e.g. close the store). A failure, or not finishing within
   * `flushBoundMs`, makes the exit code 1.
   */
  flush?: ReadonlyArray<() => Promise<void> | void>;
  /** Default SHUTDOWN_FLUSH_BOUND_MS. */
  flushBoundMs?: number;
  /** Waits (at most the given ms) for the log lines still queued; the process exits after it either way. */
  drainLogs?: (timeoutMs: number) => Promise<unknown>;
}

/** Runs the flushes in order; resolves 0, or 1 if one failed or they were not done within boundMs. */
async function runFlushes(options: ShutdownOptions): Promise<number> {
  let code = 0;
  const flushes = (async () => {
    for (const flush of options.flush ?? []) {
      try {
        await flush();
      } catch (error) {
        code = 1;
        options.logger.error({ err: { message: (error as Error).message } }, 'shutdown: flush failed');
      }
    }
  })();
  const boundMs = options.flushBoundMs ?? SHUTDOWN_FLUSH_BOUND_MS;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), boundMs);
  });
  const outcome = await Promise.race([flushes.then(() => 'done' as const), bound]);
  clearTimeout(timer);
  if (outcome === 'done') return code;
  options.logger.error({ flushBoundMs: boundMs }, 'shutdown: the store flush did not finish in time');
  return 1;
}

/** Shuts the server down; resolves with the process exit code (0 when everything finished cleanly). */
export async function shutDown(server: Server, options: ShutdownOptions): Promise<number> {
  const started = Date.now();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections would hold close() open until their idle timeout: close each one as soon as its
  // in-flight call has been answered.
  server.closeIdleConnections();
  const reaper = setInterval(() => server.closeIdleConnections(), 25);
  void closed.then(() => clearInterval(reaper));
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.graceMs);
  });
  const outcome = await Promise.race([closed.then(() => 'closed' as const), graceOver]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    options.logger.warn({ graceMs: options.graceMs }, 'shutdown: in-flight calls cut off at the grace bound');
    server.closeAllConnections();
    await closed;
  }
  const code = await runFlushes(options);
  options.logger.info({ durationMs: Date.now() - started, exitCode: code }, 'shutdown complete');
  return code;
}

/** Last words on stderr, asynchronously (a synchronous write to a stalled pipe could block), then exit. */
function exitSaying(code: number, message: string): void {
  const exit = () => process.exit(code);
  setTimeout(exit, 100);
  write(2, `spect-spine-cds: ${message}\n`, exit);
}

/**
 * Installs the SIGTERM/SIGINT handlers: the first signal starts a graceful shutdown and exits with its code;
 * a second one while it runs is ignored (the bounds already limit the wait).
 */
export function exitGracefullyOnSignals(server: Server, options: ShutdownOptions): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal }, 'shutdown: stopped accepting connections');
    const flushBoundMs = options.flushBoundMs ?? SHUTDOWN_FLUSH_BOUND_MS;
    const backstopMs = options.graceMs + flushBoundMs + SHUTDOWN_EXIT_MARGIN_MS;
    setTimeout(
      () =>
        exitSaying(
          1,
          `shutdown did not finish within ${backstopMs} ms; exiting with the store flush in doubt`,
        ),
      backstopMs,
    );
    void shutDown(server, options).then(async (code) => {
      await options.drainLogs?.(SHUTDOWN_EXIT_MARGIN_MS / 2);
      if (code === 0) process.exit(0);
      else exitSaying(code, 'shutdown: the store flush failed or did not finish; see the log');
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
