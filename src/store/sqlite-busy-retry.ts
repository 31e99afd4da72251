/**
 * Opening one SQLite file from several processes at once: cluster workers start together and each opens the shared
 * store (switching it to WAL, applying migrations). busy_timeout makes SQLite wait for a lock, but some BUSY answers
 * come without that wait: in WAL mode a read snapshot another process has written past cannot become a write
 * (SQLITE_BUSY_SNAPSHOT), and a connection that finds the WAL index being rebuilt gets SQLITE_BUSY_RECOVERY. At
 * start-up the right answer to either is to try again a moment later, within a bound: a worker that gives up stops
 * the whole cluster (src/app/cluster.ts), and CI once saw exactly that ("database is locked" in one of two workers).
 */

/** better-sqlite3's SqliteError carries SQLite's extended code: SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, ... */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export interface BusyRetryOptions {
  /** Give up (rethrow the last BUSY error) once another pause would end after this long (ms). */
  deadlineMs: number;
  /** Wait between attempts (ms). */
  pauseMs: number;
  now?: () => number;
  sleep?: (ms: number) => void;
}

/** Blocks the thread: only for start-up, where nothing else can run before the store is open anyway. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `attempt`, again after a pause while it fails with SQLITE_BUSY*; any other error is thrown at once. */
export function retryWhileBusy<T>(attempt: () => T, options: BusyRetryOptions): T {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepSync;
  const deadline = now() + options.deadlineMs;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isSqliteBusy(error) || now() + options.pauseMs > deadline) throw error;
      sleep(options.pauseMs);
    }
  }
}
