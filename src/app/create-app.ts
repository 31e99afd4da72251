/**
 * The composition root for HTTP: builds the express app from config, compiled policy and card texts.
 * Everything with state or I/O (replay cache, feedback store, JWKS fetch, clock) can be injected, so tests run the
 * real app over real HTTP with controlled time and network.
 */
import type { Tracer } from '@opentelemetry/api';
import express from 'express';
import type { Logger } from 'pino';
import type { CardTexts } from '../cards/index.js';
import type { ServiceConfig } from '../config.js';
import { type FactCache, MemoryFactCache } from '../data/fact-cache.js';
import { createDtrRouter } from '../dtr/fhir-routes.js';
import { hookTimer } from '../ops/hook-timer.js';
import { instrumentFactCache } from '../ops/instrument-fact-cache.js';
import { instrumentPipeline } from '../ops/instrument-pipeline.js';
import { instrumentStore } from '../ops/instrument-store.js';
import { ServiceMetrics } from '../ops/metrics.js';
import { metricsRouter } from '../ops/metrics-route.js';
import { traceAuditLog, traceHookCalls, tracePipeline } from '../ops/tracing.js';
import type { CompiledPolicy } from '../policy/index.js';
import { JwtVerifier } from '../protocol/auth/jwt-verifier.js';
import { type JwksFetch, KeyStore } from '../protocol/auth/key-store.js';
import { MemoryReplayCache, type ReplayCache } from '../protocol/auth/replay-cache.js';
import { cors } from '../protocol/cors.js';
import { cardTopicsIn } from '../protocol/crd-configuration.js';
import { buildDiscovery } from '../protocol/discovery.js';
import { errorHandler, notFound } from '../protocol/error-handler.js';
import type { FeedbackStore } from '../protocol/feedback/store.js';
import type { HookPipeline } from '../protocol/pipeline.js';
import { RateLimiter, type RateLimitStore, rateLimitByClient } from '../protocol/rate-limit.js';
import { requestLog } from '../protocol/request-log.js';
import { createCdsRouter } from '../protocol/routes.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { ServiceStore } from '../store/store.js';
import { createPipeline } from './pipeline.js';
import { policyPrefetchTemplates } from './prefetch.js';
import { policyReadiness, type ReadinessCheck, readinessHandler } from './readiness.js';

export interface AppDeps {
  config: ServiceConfig;
  policy: CompiledPolicy;
  cardTexts: CardTexts;
  logger: Logger;
  feedbackStore?: FeedbackStore;
  /**
   * The audit trail of hook calls (and, unless feedbackStore is given, feedback). The process opens the real one
   * (src/server.ts); an app built without one keeps both in an in-memory SQLite database.
   */
  store?: ServiceStore;
  replayCache?: ReplayCache;
  now?: () => Date;
  jwksFetch?: JwksFetch;
  /** Replace parts of the hook pipeline (tests of the protocol's own error handling). */
  pipeline?: Partial<HookPipeline>;
  /** Prometheus metrics served at GET /metrics; a fresh registry per app when not given. */
  metrics?: ServiceMetrics;
  /** Short-lived reuse of FHIR answers (order-select then order-sign); in memory from the config when not given. */
  factCache?: FactCache;
  /** Where the per-client rate-limit buckets live; this process's memory when not given (Redis with REDIS_URL). */
  rateLimiter?: RateLimitStore;
  /** OpenTelemetry tracer (src/ops/tracing.ts); no spans at all when not given. */
  tracer?: Tracer;
  /** Readiness checks besides the store's and the policy's (e.g. Redis), for GET /readyz. */
  readiness?: readonly ReadinessCheck[];
}

function memoryFactCache(config: ServiceConfig): FactCache | undefined {
  if (config.factCacheSeconds === 0) return undefined;
  return new MemoryFactCache({
    ttlMs: config.factCacheSeconds * 1000,
    maxResources: config.factCacheMaxResources,
  });
}

export function createApp(deps: AppDeps): express.Express {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const keys = new KeyStore({
    fetchJwks: deps.jwksFetch,
    now: () => now().getTime(),
    minRefreshMs: config.jwksMinRefreshSeconds * 1000,
    maxAgeMs: config.jwksCacheSeconds * 1000,
  });
  const verifier = new JwtVerifier({
    clients: config.clients,
    keys,
    replayCache: deps.replayCache ?? new MemoryReplayCache(),
    clockSkewSeconds: config.clockSkewSeconds,
    now,
  });
  const metrics = deps.metrics ?? new ServiceMetrics();
  const store = deps.store ?? new SqliteStore({ filename: ':memory:', now });
  const factCache = instrumentFactCache(deps.factCache ?? memoryFactCache(config), metrics);
  const layers = { ...createPipeline(config, deps.policy, deps.cardTexts, factCache), ...deps.pipeline };
  // Tracing wraps the layers first: its FHIR-query observer passes each event on to the metrics observer.
  const pipeline = instrumentPipeline(deps.tracer ? tracePipeline(layers, deps.tracer) : layers, metrics);
  const auditLog = instrumentStore(store, 'audit', ['recordHookCall'], metrics);

  if (config.allowUnsignedLoopback) {
    logger.warn(
      'DEVELOPMENT MODE: allowUnsignedLoopback is on; hook calls WITHOUT a JWT are accepted from loopback addresses. ' +
        'Never enable this in production or behind a reverse proxy on the same host.',
    );
  }
  if (config.clients.length === 0) {
    logger.warn(
      'No EHR clients are registered: discovery works, but every hook call will get 401. Register a client ' +
        '(iss, jwks or jwksUri, fhirServers) in the CDS_CONFIG file; see docs/configuration.md.',
    );
  }

  const app = express();
  app.disable('x-powered-by');
  // No ETag: every hook answer is new (fresh card uuids), so hashing each response body bought nothing but CPU.
  app.disable('etag');
  app.use(requestLog(logger));
  app.use(hookTimer(metrics));
  if (deps.tracer) app.use(traceHookCalls(deps.tracer));
  app.use(cors(config.corsOrigins));
  // Liveness: the process answers. Readiness: it can do its work (src/app/readiness.ts).
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get(
    '/readyz',
    readinessHandler([
      { name: 'store', check: () => store.checkWritable() },
      policyReadiness(deps.policy),
      ...(deps.readiness ?? []),
    ]),
  );
  app.use(metricsRouter(metrics));
  // One bucket per client, whichever endpoint it calls.
  const rateLimit = rateLimitByClient(
    deps.rateLimiter ?? new RateLimiter(() => now().getTime()),
    config.rateLimit,
  );
  // The DTR payer endpoint under /fhir (docs/dtr.md): same client registry and verifier as the hooks.
  app.use(
    createDtrRouter({
      baseUrl: config.baseUrl,
      insurerName: config.insurerName,
      policy: deps.policy,
      verifier,
      allowUnsignedLoopback: config.allowUnsignedLoopback,
      audit: store,
      logger,
      now,
      rateLimit,
    }),
  );
  app.use(
    createCdsRouter({
      config,
      discovery: buildDiscovery(policyPrefetchTemplates(deps.policy), cardTopicsIn(deps.cardTexts)),
      verifier,
      pipeline,
      feedbackStore: instrumentStore(deps.feedbackStore ?? store, 'feedback', ['append'], metrics),
      auditLog: deps.tracer ? traceAuditLog(auditLog, deps.tracer) : auditLog,
      logger,
      now,
      rateLimit,
    }),
  );
  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
