/**
 * The real service app for HTTP tests: the real policy and card texts, a config registering the given clients,
 * and a log buffer to assert on (pino JSON lines).
 */
import { Writable } from 'node:stream';
import type express from 'express';
import { type AppDeps, createApp } from '../../src/app/create-app.js';
import { loadCardTexts } from '../../src/app/load-cards.js';
import { loadPolicy } from '../../src/app/load-policy.js';
import { createLogger } from '../../src/app/logger.js';
import type { ServiceConfig } from '../../src/config.js';
import { MemoryFeedbackStore } from '../../src/protocol/feedback/store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { hookCall } from '../store/records.js';

export class LogBuffer extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  entries(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

let policy: ReturnType<typeof loadPolicy> | undefined;
let cardTexts: ReturnType<typeof loadCardTexts> | undefined;

export interface TestApp {
  app: express.Express;
  logs: LogBuffer;
  feedbackStore: MemoryFeedbackStore;
  /** The audit trail (in-memory SQLite) the app records hook calls in. */
  store: SqliteStore;
  config: ServiceConfig;
}

/** Records in the app's audit trail that these card uuids were answered to `iss` by `serviceId` (for feedback). */
export function recordAnsweredCards(
  harness: TestApp,
  iss: string,
  serviceId: string,
  cardUuids: string[],
): Promise<void> {
  return harness.store.recordHookCall(hookCall({ iss, serviceId, cardUuids, cardKinds: undefined }));
}

export function buildTestApp(config: ServiceConfig, extra: Partial<AppDeps> = {}): TestApp {
  policy ??= loadPolicy();
  cardTexts ??= loadCardTexts();
  const logs = new LogBuffer();
  const feedbackStore = new MemoryFeedbackStore();
  const store = new SqliteStore({ filename: ':memory:' });
  const app = createApp({
    store,
    config,
    policy,
    cardTexts,
    logger: createLogger({ level: 'debug', destination: logs }),
    feedbackStore,
    ...extra,
  });
  return { app, logs, feedbackStore, store, config };
}
