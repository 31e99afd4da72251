/**
 * The worker/primary protocol of the shared state, over in-process channels: two workers share one replay cache
 * and one fact cache, and a primary that does not answer degrades the worker instead of failing its calls.
 */

import { EventEmitter } from 'node:events';
import {
  type IpcEndpoint,
  IpcFactCache,
  IpcReplayCache,
  primaryState,
  SharedStateClient,
  serveSharedState,
} from '../../src/app/ipc-shared-state.js';
import type { FactCacheKey } from '../../src/data/fact-cache.js';
import { ReplayCacheFullError } from '../../src/protocol/auth/replay-cache.js';

/** A pair of connected endpoints; messages cross as JSON, like the real IPC channel. */
function channel(): { worker: IpcEndpoint; primary: IpcEndpoint } {
  const toWorker = new EventEmitter();
  const toPrimary = new EventEmitter();
  const deliver = (target: EventEmitter) => (message: unknown) => {
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    setImmediate(() => target.emit('message', copy));
    return true;
  };
  return {
    worker: { send: deliver(toPrimary), on: (_event, listener) => toWorker.on('message', listener) },
    primary: { send: deliver(toWorker), on: (_event, listener) => toPrimary.on('message', listener) },
  };
}

const KEY: FactCacheKey = {
  clientId: 'ehr-a',
  fhirServer: 'https://fhir.a/r4',
  patientId: 'p1',
  topic: 'conditions',
  tokenDigest: 'digest-of-token-1',
};

describe('shared state over IPC', () => {
  const state = primaryState({ factCacheTtlMs: 60_000, factCacheMaxResources: 1000 });
  const workers = [channel(), channel()].map((pair) => {
    serveSharedState(pair.primary, state);
    return new SharedStateClient(pair.worker);
  });

  it('a jti seen by one worker is a replay on the other', async () => {
    const [a, b] = workers.map((client) => new IpcReplayCache(client!));
    expect(await a!.checkAndRemember('jti-1', 60_000)).toBe(false);
    expect(await b!.checkAndRemember('jti-1', 60_000)).toBe(true);
    expect(await b!.checkAndRemember('jti-2', 60_000)).toBe(false);
  });

  it('a primary whose replay cache is full refuses the token on the worker; it does not fall back', async () => {
    const full = primaryState({ factCacheTtlMs: 0, factCacheMaxResources: 1, replayCacheMaxEntries: 1 });
    const pair = channel();
    serveSharedState(pair.primary, full);
    const replay = new IpcReplayCache(new SharedStateClient(pair.worker));
    expect(await replay.checkAndRemember('only-one', 60_000)).toBe(false);
    await expect(replay.checkAndRemember('one-more', 60_000)).rejects.toBeInstanceOf(ReplayCacheFullError);
  });

  it('a fact stored by one worker is read by the other; other keys miss', async () => {
    const [a, b] = workers.map((client) => new IpcFactCache(client!));
    const value = { resources: [{ resourceType: 'Condition', id: 'c1' }], skipped: 0, pages: 1 };
    await a!.set(KEY, value);
    expect(await b!.get(KEY)).toEqual(value);
    expect(await b!.get({ ...KEY, clientId: 'ehr-b' })).toBeUndefined();
  });

  it('without an answer from the primary: replays caught on this worker only, fact cache misses', async () => {
    const silent: IpcEndpoint = { send: () => true, on: () => undefined };
    const client = new SharedStateClient(silent, 20);
    const degraded: string[] = [];
    const replay = new IpcReplayCache(client, (error) => degraded.push(error.message));
    expect(await replay.checkAndRemember('jti-3', 60_000)).toBe(false);
    expect(await replay.checkAndRemember('jti-3', 60_000)).toBe(true);
    expect(degraded[0]).toMatch(/did not answer replay/);
    expect(await new IpcFactCache(client).get(KEY)).toBeUndefined();
  });
});
