/**
 * The state every worker of one host must share (src/app/cluster.ts), held by the primary process and reached over
 * the cluster's IPC channel: the JWT replay cache (a token replayed to another worker is still refused) and the
 * fact cache (an order-select answered by one worker spares the EHR's FHIR server when the order-sign lands on
 * another).
 *
 * The primary keeps the in-memory caches it would keep as a single process; workers hold thin clients. If the
 * primary does not answer within a bound, the replay check falls back to the worker's own memory (a replay to the
 * same worker is still caught) and the fact cache misses, the same degraded modes as the Redis implementation.
 */
import type { FactCache, FactCacheKey } from '../data/fact-cache.js';
import { type CachedTopic, MemoryFactCache } from '../data/fact-cache.js';
import { MemoryReplayCache, type ReplayCache, ReplayCacheFullError } from '../protocol/auth/replay-cache.js';

/** Marks our messages, so other IPC traffic on the channel (e.g. cluster internals) is left alone. */
const CHANNEL = 'spect-cds:shared-state';

type Request =
  | { channel: typeof CHANNEL; id: number; op: 'replay'; jti: string; ttlMs: number }
  | { channel: typeof CHANNEL; id: number; op: 'facts.get'; key: FactCacheKey }
  | { channel: typeof CHANNEL; id: number; op: 'facts.set'; key: FactCacheKey; value: CachedTopic };

interface Reply {
  channel: typeof CHANNEL;
  id: number;
  result?: unknown;
  error?: string;
}

/** One end of an IPC channel: a worker's `process`, or the primary's `Worker`. */
export interface IpcEndpoint {
  send(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

function isRequest(message: unknown): message is Request {
  return (message as Request | null)?.channel === CHANNEL && typeof (message as Request).op === 'string';
}

export interface PrimaryState {
  replayCache: ReplayCache;
  /** Undefined when the config turns the fact cache off. */
  factCache?: FactCache;
}

export function primaryState(options: {
  factCacheTtlMs: number;
  factCacheMaxResources: number;
  replayCacheMaxEntries?: number;
}): PrimaryState {
  return {
    replayCache: new MemoryReplayCache(options.replayCacheMaxEntries),
    factCache:
      options.factCacheTtlMs > 0
        ? new MemoryFactCache({ ttlMs: options.factCacheTtlMs, maxResources: options.factCacheMaxResources })
        : undefined,
  };
}

/** Primary side: answers one worker's requests from the shared state. */
export function serveSharedState(worker: IpcEndpoint, state: PrimaryState): void {
  worker.on('message', (message) => {
    if (!isRequest(message)) return;
    const answer = async (): Promise<unknown> => {
      switch (message.op) {
        case 'replay':
          // A full cache is an answer, not a failure: the worker must refuse the token, not fall back.
          return state.replayCache.checkAndRemember(message.jti, message.ttlMs).catch((error: unknown) => {
            if (error instanceof ReplayCacheFullError) return { full: error.retryAfterSeconds };
            throw error;
          });
        case 'facts.get':
          return state.factCache?.get(message.key);
        case 'facts.set':
          return state.factCache?.set(message.key, message.value);
      }
    };
    answer().then(
      (result) => worker.send({ channel: CHANNEL, id: message.id, result } satisfies Reply),
      (error: Error) =>
        worker.send({ channel: CHANNEL, id: message.id, error: error.message } satisfies Reply),
    );
  });
}

type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'channel' | 'id'> : never) : never;

/** Worker side: request/response over IPC, each request bounded by a timeout. */
export class SharedStateClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly primary: IpcEndpoint,
    private readonly timeoutMs = 500,
  ) {
    primary.on('message', (message) => {
      const reply = message as Reply | null;
      if (reply?.channel !== CHANNEL || typeof reply.id !== 'number') return;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.result);
    });
  }

  request(body: RequestBody): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`shared state: the primary did not answer ${body.op} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      // A pending request must not keep a stopping worker alive.
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.primary.send({ channel: CHANNEL, id, ...body });
      } catch (error) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(error as Error);
      }
    });
  }
}

/** The replay cache a worker uses: the primary's, with the worker's own memory as the fallback. */
export class IpcReplayCache implements ReplayCache {
  private readonly fallback = new MemoryReplayCache();

  constructor(
    private readonly client: SharedStateClient,
    private readonly onDegraded: (error: Error) => void = () => undefined,
  ) {}

  async checkAndRemember(id: string, ttlMs: number): Promise<boolean> {
    // Remember locally too, so a later fallback still knows the tokens this worker has seen.
    const local = await this.fallback.checkAndRemember(id, ttlMs).catch((error: unknown) => {
      if (error instanceof ReplayCacheFullError) return error;
      throw error;
    });
    const seenHere = local === true;
    let answer: unknown;
    try {
      answer = await this.client.request({ op: 'replay', jti: id, ttlMs });
    } catch (error) {
      this.onDegraded(error as Error);
      if (local instanceof ReplayCacheFullError) throw local;
      return seenHere;
    }
    const full = (answer as { full?: unknown } | null)?.full;
    if (typeof full === 'number') throw new ReplayCacheFullError(full);
    return answer === true || seenHere;
  }
}

/** The fact cache a worker uses: the primary's; an unanswered request is a miss (or a skipped store). */
export class IpcFactCache implements FactCache {
  constructor(private readonly client: SharedStateClient) {}

  async get(key: FactCacheKey): Promise<CachedTopic | undefined> {
    try {
      return ((await this.client.request({ op: 'facts.get', key })) as CachedTopic | undefined) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: FactCacheKey, value: CachedTopic): Promise<void> {
    try {
      await this.client.request({ op: 'facts.set', key, value });
    } catch {
      // Not cached: the next call queries the FHIR server again, which is correct, only slower.
    }
  }
}
