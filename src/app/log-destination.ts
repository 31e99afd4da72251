/**
 * Where the service's log lines go: a file descriptor (stdout), written asynchronously, that never blocks the
 * process and never holds up its exit.
 *
 * Why not pino's default destination: it registers an exit hook that flushes synchronously, and that flush retries a
 * failed write every 100 ms for ever. Once the reader of the log pipe has gone (a supervisor or log shipper closed
 * it), each write fails with EPIPE, so the process.exit() at the end of a graceful shutdown never returned: the
 * service hung after SIGTERM until SIGKILL (issue 17).
 *
 * Here: writes are asynchronous (fs.write in the thread pool), so a slow or full pipe delays no hook call; the queue
 * is bounded, and lines beyond it are dropped and counted; the first write error other than EAGAIN (EPIPE, EBADF,
 * ENOSPC, ...) ends logging to this destination for the life of the process (lines are dropped from then on). At
 * exit, what is still queued is written once, synchronously, only if no write is pending (a pending write means the
 * pipe is not draining, and a synchronous write could block the exit), and never retried on an error.
 */
import { write, writeSync } from 'node:fs';

export interface LogDestinationOptions {
  fd: number;
  /** Bytes queued (including the write in flight) beyond which new lines are dropped. */
  maxQueuedBytes: number;
}

/** At most this much of the queue is written synchronously at exit (the last lines before a fatal exit). */
const EXIT_FLUSH_MAX_BYTES = 64 * 1024;
const EAGAIN_RETRY_MS = 10;

export class LogDestination {
  private queue: string[] = [];
  /** Characters queued or in flight (a close enough measure of bytes for a bound). */
  private queued = 0;
  private writing = false;
  private failure: string | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Lines dropped: queue full, or the destination failed. */
  dropped = 0;

  constructor(private readonly options: LogDestinationOptions) {}

  /** The error code that ended logging here, if one did. */
  get failedWith(): string | undefined {
    return this.failure;
  }

  /** pino's destination contract: take one line, never throw. */
  write(line: string): boolean {
    if (this.failure !== undefined || this.queued + line.length > this.options.maxQueuedBytes) {
      this.dropped++;
      return true;
    }
    this.queue.push(line);
    this.queued += line.length;
    if (!this.writing) this.writeNext();
    return true;
  }

  /** Resolves true once everything queued is written, false if that has not happened within `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean> {
    if (!this.writing) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** pino's logger.flush(cb): called back once the queue is written or the destination has failed. */
  flush(callback?: (error?: Error) => void): void {
    if (!this.writing) callback?.();
    else this.idleWaiters.push(() => callback?.());
  }

  /** For the exit hook: one bounded, synchronous attempt at what is queued; never retried, never throws. */
  flushSync(): void {
    if (this.writing || this.failure !== undefined || this.queue.length === 0) return;
    const buffer = Buffer.from(this.queue.join('')).subarray(0, EXIT_FLUSH_MAX_BYTES);
    this.queue = [];
    this.queued = 0;
    try {
      writeSync(this.options.fd, buffer);
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException);
    }
  }

  private writeNext(): void {
    if (this.queue.length === 0 || this.failure !== undefined) {
      this.writing = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
      return;
    }
    this.writing = true;
    const text = this.queue.join('');
    this.queue = [];
    this.writeFrom(Buffer.from(text), 0, text.length);
  }

  private writeFrom(buffer: Buffer, offset: number, chars: number): void {
    write(this.options.fd, buffer, offset, buffer.length - offset, null, (error, written) => {
      if (error?.code === 'EAGAIN') {
        // A non-blocking pipe that is full: try again shortly (unref: a stalled pipe never keeps the process alive).
        setTimeout(() => this.writeFrom(buffer, offset, chars), EAGAIN_RETRY_MS).unref();
        return;
      }
      if (error) {
        this.fail(error);
        this.writeNext();
        return;
      }
      if (offset + written < buffer.length) {
        this.writeFrom(buffer, offset + written, chars);
        return;
      }
      this.queued -= chars;
      this.writeNext();
    });
  }

  private fail(error: NodeJS.ErrnoException): void {
    this.failure = error.code ?? 'error';
    this.dropped += this.queue.length;
    this.queue = [];
    this.queued = 0;
  }
}

let stdout: LogDestination | undefined;

/** The process's stdout destination, created once, with its exit hook. */
export function stdoutDestination(): LogDestination {
  if (!stdout) {
    const destination = new LogDestination({ fd: 1, maxQueuedBytes: 8 * 1024 * 1024 });
    process.on('exit', () => destination.flushSync());
    stdout = destination;
  }
  return stdout;
}

/**
 * process.exit(code) once the log lines already written have reached stdout, or after `boundMs` whatever the pipe
 * does: a line still being written when the process exits would be lost (the exit hook never waits on a write in
 * flight), so the last words of a fatal start-up error go through this.
 */
export function exitAfterLogs(code: number, boundMs = 500): void {
  void stdoutDestination()
    .drained(boundMs)
    .then(() => process.exit(code));
}
