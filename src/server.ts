/**
 * Process entry point: load config, policy and card texts (any problem stops the process with exit code 1 and a
 * message naming the bad file and field), then listen on PORT.
 */
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import { runPrimary } from './app/cluster.js';
import { createApp } from './app/create-app.js';
import { exitGracefullyOnSignals } from './app/graceful-shutdown.js';
import { applyHeapGrowth } from './app/heap-growth.js';
import { createHttpServer } from './app/http-server.js';
import {
  type IpcEndpoint,
  IpcFactCache,
  IpcReplayCache,
  primaryState,
  SharedStateClient,
} from './app/ipc-shared-state.js';
import { loadCardTexts } from './app/load-cards.js';
import { loadConfig } from './app/load-config.js';
import { loadPolicy } from './app/load-policy.js';
import { exitAfterLogs, stdoutDestination } from './app/log-destination.js';
import { createLogger } from './app/logger.js';
import { ServiceMetrics } from './ops/metrics.js';
import { metricsRouter } from './ops/metrics-route.js';
import { startTracing } from './ops/tracing.js';
import { type RunningStore, startStore } from './store/start-store.js';

async function main(): Promise<void> {
  let loaded: ReturnType<typeof loadConfig>;
  let policy: ReturnType<typeof loadPolicy>;
  let cardTexts: ReturnType<typeof loadCardTexts>;
  try {
    loaded = loadConfig();
    policy = loadPolicy(loaded.policyDir);
    cardTexts = loadCardTexts(loaded.cardsDir);
  } catch (error) {
    process.stderr.write(`spect-spine-cds: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: loaded.logLevel });
  const { config, port } = loaded;
  // Before any call: how much dead old space V8 may keep between full collections (peak RSS).
  applyHeapGrowth(config.heapGrowingPercent);
  // Demo mode is one process: its embedded EHR and its one-run client key live in the process that serves.
  const workers = loaded.demo ? 1 : loaded.workers;
  if (loaded.demo && loaded.workers > 1) logger.warn('demo mode runs one process; CDS_WORKERS is ignored');
  if (config.simultaneousWindowDays !== undefined)
    logger.warn(
      'simultaneousWindowDays is ignored: the simultaneous-ordering window is policy data (policy.json "windows")',
    );
  if (cluster.isPrimary && workers > 1 && !loaded.factCacheSecret) {
    // The workers share the primary's fact cache, so they must hash tokens alike: one secret for this run, which
    // they inherit with the environment (never logged, never written anywhere).
    process.env.CDS_FACT_CACHE_SECRET = randomBytes(32).toString('base64url');
  }
  if (loaded.redisUrl && !loaded.factCacheSecret && config.factCacheSeconds > 0) {
    logger.warn(
      'REDIS_URL without CDS_FACT_CACHE_SECRET: each replica hashes tokens with its own secret, so the shared fact cache only hits on the replica that filled it',
    );
  }
  if (cluster.isPrimary && workers > 1) {
    // The primary serves no HTTP and opens no store: it forks the workers and holds what they share.
    runPrimary({
      workers,
      logger,
      shutdownGraceMs: config.shutdownGraceMs,
      shared: loaded.redisUrl
        ? undefined
        : primaryState({
            factCacheTtlMs: config.factCacheSeconds * 1000,
            factCacheMaxResources: config.factCacheMaxResources,
            replayCacheMaxEntries: config.replayCacheMaxEntries,
          }),
    });
    return;
  }
  // The audit trail and feedback: SQLite under dataDir, or PostgreSQL with DATABASE_URL (src/store/).
  let stored: RunningStore;
  try {
    stored = await startStore(
      { databaseUrl: loaded.databaseUrl, dataDir: config.dataDir, retentionDays: config.retentionDays },
      logger,
    );
  } catch (error) {
    logger.fatal({ err: { message: (error as Error).message } }, 'cannot open the store');
    exitAfterLogs(1);
    return;
  }
  stored.store.ready().catch((error: Error) => {
    logger.fatal({ err: { message: error.message } }, 'cannot open the store');
    exitAfterLogs(1);
  });
  // With REDIS_URL, replicas share the JWT replay cache and the fact cache; a cluster worker without Redis asks
  // its primary (src/app/ipc-shared-state.ts); a lone process keeps its own in memory.
  const shared = loaded.redisUrl
    ? (await import('./ops/redis/shared-state.js')).redisSharedState(loaded.redisUrl, config, logger)
    : cluster.isWorker
      ? workerSharedState(config.factCacheSeconds > 0, logger)
      : undefined;
  // Demo mode (no CDS_CONFIG): an embedded demo EHR with synthetic patients, and a client key made now that only
  // this run trusts; the demo pages go in front of the service, and everything listens on loopback only.
  // Loaded only in demo mode: the embedded FHIR server (Medplum) is memory a production process never needs.
  const demoModule = loaded.demo ? await import('./demo/start-demo.js') : undefined;
  let demo: Awaited<ReturnType<NonNullable<typeof demoModule>['startDemo']>> | undefined;
  if (demoModule) {
    try {
      demo = await demoModule.startDemo({
        config,
        feedbackStore: stored.store,
        policyDir: loaded.policyDir,
        cardsDir: loaded.cardsDir,
      });
    } catch (error) {
      logger.fatal({ err: { message: (error as Error).message } }, 'cannot start the demo');
      exitAfterLogs(1);
      return;
    }
  }
  // OpenTelemetry, only with OTEL_EXPORTER_OTLP_ENDPOINT set (src/ops/tracing.ts); the SDK is not loaded otherwise.
  const tracing = await startTracing(process.env, {
    version: packageVersion(),
    policy: `${policy.id} ${policy.version}`,
  });
  const metrics = new ServiceMetrics({ processMetrics: true });
  const app = createApp({
    config: demo?.config ?? config,
    policy,
    cardTexts,
    logger,
    store: stored.store,
    metrics,
    metricsToken: loaded.metricsToken,
    replayCache: shared?.replayCache,
    factCache: shared?.factCache,
    rateLimiter: shared && 'rateLimiter' in shared ? shared.rateLimiter : undefined,
    readiness: shared && 'ping' in shared ? [{ name: 'redis', check: () => shared.ping() }] : [],
    tracer: tracing?.tracer,
    factCacheSecret: loaded.factCacheSecret,
  });
  // Header and request timeouts: a slow client cannot hold a connection open (config headersTimeoutMs etc.).
  const server = createHttpServer(demo ? demo.withService(app) : app, config).listen(
    port,
    demoModule?.DEMO_HOST,
    () => {
      logger.info(
        {
          port,
          baseUrl: config.baseUrl,
          configFile: loaded.file ?? null,
          clients: config.clients.map((client) => client.iss),
          policy: `${policy.id} ${policy.version}`,
        },
        'listening',
      );
      if (demo) {
        logger.info(
          { demo: demo.urls.demo, policyReview: demo.urls.policy, fhirServer: demo.fhirServer },
          `demo mode: open ${demo.urls.demo} (order entry) and ${demo.urls.policy} (policy review); set CDS_CONFIG to turn demo mode off`,
        );
      }
    },
  );
  server.on('error', (error) => {
    logger.fatal({ err: { message: error.message } }, 'server error');
    exitAfterLogs(1);
  });
  // metricsPort: /metrics on a port of its own (one only the scraper reaches), and not on the service's port.
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : createHttpServer(
          express().use(metricsRouter(metrics, { token: loaded.metricsToken })),
          config,
        ).listen(config.metricsPort, demoModule?.DEMO_HOST);
  metricsServer?.on('error', (error) => {
    logger.fatal({ err: { message: error.message } }, 'metrics server error');
    exitAfterLogs(1);
  });
  // SIGTERM/SIGINT: stop accepting, finish in-flight calls up to shutdownGraceMs, flush the store, exit 0; bounded
  // as a whole (src/app/graceful-shutdown.ts), whatever the log destination does.
  exitGracefullyOnSignals(server, {
    graceMs: config.shutdownGraceMs,
    logger,
    flush: [
      () => stored.close(),
      () => shared?.close(),
      () => demo?.close(),
      () => tracing?.shutdown(),
      () =>
        new Promise<void>((resolve) => {
          if (!metricsServer) return resolve();
          metricsServer.close(() => resolve());
          metricsServer.closeAllConnections();
        }),
    ],
    drainLogs: (timeoutMs) => stdoutDestination().drained(timeoutMs),
  });
}

function workerSharedState(factCache: boolean, logger: ReturnType<typeof createLogger>) {
  // A cluster worker's process always has the IPC channel to its primary.
  const client = new SharedStateClient(process as IpcEndpoint);
  let reported = false;
  return {
    replayCache: new IpcReplayCache(client, (error) => {
      if (reported) return;
      reported = true;
      logger.error(
        { err: { message: error.message } },
        'replay cache: primary unavailable; this worker only',
      );
    }),
    factCache: factCache ? new IpcFactCache(client) : undefined,
    close: async () => undefined,
  };
}

/** This build's version, from the package.json beside dist/ (the image copies it too). */
function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

void main();
