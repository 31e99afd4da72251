/**
 * Starts the demo as src/server.ts does in demo mode (the real createApp behind the demo pages), on a free loopback
 * port, for the demo's HTTP tests and the browser test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app/create-app.js';
import { loadCardTexts } from '../../src/app/load-cards.js';
import { parseConfig } from '../../src/app/load-config.js';
import { loadPolicy } from '../../src/app/load-policy.js';
import { createLogger } from '../../src/app/logger.js';
import { DEMO_HOST, type RunningDemo, startDemo } from '../../src/demo/start-demo.js';
import { MemoryFeedbackStore } from '../../src/protocol/feedback/store.js';
import { LogBuffer } from '../support/test-app.js';

export interface DemoService {
  baseUrl: string;
  demo: RunningDemo;
  feedbackStore: MemoryFeedbackStore;
  logs: LogBuffer;
  close(): Promise<void>;
}

export async function startDemoService(): Promise<DemoService> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, DEMO_HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${DEMO_HOST}:${port}`;
  const feedbackStore = new MemoryFeedbackStore();
  const logs = new LogBuffer();
  const policy = loadPolicy();
  const cardTexts = loadCardTexts();
  const logger = createLogger({ level: 'info', destination: logs });
  const demo = await startDemo({
    config: parseConfig({ baseUrl }, 'the demo test'),
    feedbackStore,
  });
  const service = createApp({ config: demo.config, policy, cardTexts, logger, feedbackStore });
  server.on('request', demo.withService(service));
  return {
    baseUrl,
    demo,
    feedbackStore,
    logs,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await demo.close();
    },
  };
}
