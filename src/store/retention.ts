/**
 * Retention: hook calls and feedback older than retentionDays are deleted in the background, once shortly after
 * start and then on an interval. The timer is unref'd so it never keeps the process alive, and a prune still
 * running when the next tick comes is not started twice.
 */
import type { Logger } from 'pino';
import type { ServiceStore } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  days: number;
  /** Time between two prunes (ms); hourly by default. */
  intervalMs?: number;
  /** Delay before the first prune, so it does not compete with start-up (ms). */
  firstDelayMs?: number;
  now?: () => Date;
  logger?: Pick<Logger, 'info' | 'error'>;
}

export interface Retention {
  /** Prunes now (what the timer runs); resolves with the rows deleted. */
  runOnce(): Promise<{ hookCalls: number; feedback: number }>;
  stop(): void;
}

export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

export function startRetention(store: ServiceStore, options: RetentionOptions): Retention {
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 60 * 60 * 1000;
  let running: Promise<{ hookCalls: number; feedback: number }> | undefined;

  const runOnce = () => {
    running ??= store
      .prune(retentionCutoff(now(), options.days))
      .then((deleted) => {
        if (deleted.hookCalls || deleted.feedback) {
          options.logger?.info({ ...deleted, retentionDays: options.days }, 'retention: pruned old records');
        }
        return deleted;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const tick = () => {
    runOnce().catch((error: Error) =>
      options.logger?.error({ err: { message: error.message } }, 'retention: prune failed'),
    );
  };

  const first = setTimeout(tick, options.firstDelayMs ?? 10_000);
  const every = setInterval(tick, intervalMs);
  first.unref();
  every.unref();
  return {
    runOnce,
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
