/**
 * SIGTERM: stop accepting connections, let in-flight calls finish (up to a bound), then flush what must not be
 * lost (the audit and feedback store), and report the exit code. A call cut off at the bound was never answered
 * 200, so the EHR sees a failed call, not a lost record.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';

export interface ShutdownOptions {
  /** How long in-flight calls may take to finish once shutdown begins (ms). */
  graceMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Run after the server has closed, in order (e.g. close the store). A failure makes the exit code 1. */
  flush?: ReadonlyArray<() => Promise<void> | void>;
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
  let code = 0;
  for (const flush of options.flush ?? []) {
    try {
      await flush();
    } catch (error) {
      code = 1;
      options.logger.error({ err: { message: (error as Error).message } }, 'shutdown: flush failed');
    }
  }
  options.logger.info({ durationMs: Date.now() - started, exitCode: code }, 'shutdown complete');
  return code;
}

/**
 * Installs the SIGTERM/SIGINT handlers: the first signal starts a graceful shutdown and exits with its code;
 * a second one while it runs is ignored (the grace bound already limits the wait).
 */
export function exitGracefullyOnSignals(server: Server, options: ShutdownOptions): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal }, 'shutdown: stopped accepting connections');
    void shutDown(server, options).then((code) => process.exit(code));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
