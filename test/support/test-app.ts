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
  config: ServiceConfig;
}

export function buildTestApp(config: ServiceConfig, extra: Partial<AppDeps> = {}): TestApp {
  policy ??= loadPolicy();
  cardTexts ??= loadCardTexts();
  const logs = new LogBuffer();
  const feedbackStore = new MemoryFeedbackStore();
  const app = createApp({
    config,
    policy,
    cardTexts,
    logger: createLogger({ level: 'debug', destination: logs }),
    feedbackStore,
    ...extra,
  });
  return { app, logs, feedbackStore, config };
}
