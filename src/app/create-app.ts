/**
 * The composition root for HTTP: builds the express app from config, compiled policy and card texts.
 * Everything with state or I/O (replay cache, feedback store, JWKS fetch, clock) can be injected, so tests run the
 * real app over real HTTP with controlled time and network.
 */
import express from 'express';
import type { Logger } from 'pino';
import type { CardTexts } from '../cards/index.js';
import type { ServiceConfig } from '../config.js';
import { PREFETCH_TEMPLATES } from '../data/prefetch-templates.js';
import type { CompiledPolicy } from '../policy/index.js';
import { JwtVerifier } from '../protocol/auth/jwt-verifier.js';
import { type JwksFetch, KeyStore } from '../protocol/auth/key-store.js';
import { MemoryReplayCache, type ReplayCache } from '../protocol/auth/replay-cache.js';
import { cors } from '../protocol/cors.js';
import { cardTopicsIn } from '../protocol/crd-configuration.js';
import { buildDiscovery } from '../protocol/discovery.js';
import { errorHandler, notFound } from '../protocol/error-handler.js';
import { type FeedbackStore, MemoryFeedbackStore } from '../protocol/feedback/store.js';
import type { HookPipeline } from '../protocol/pipeline.js';
import { requestLog } from '../protocol/request-log.js';
import { createCdsRouter } from '../protocol/routes.js';
import { createPipeline } from './pipeline.js';

export interface AppDeps {
  config: ServiceConfig;
  policy: CompiledPolicy;
  cardTexts: CardTexts;
  logger: Logger;
  feedbackStore?: FeedbackStore;
  replayCache?: ReplayCache;
  now?: () => Date;
  jwksFetch?: JwksFetch;
  /** Replace parts of the hook pipeline (tests of the protocol's own error handling). */
  pipeline?: Partial<HookPipeline>;
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
  const pipeline = { ...createPipeline(config, deps.policy, deps.cardTexts), ...deps.pipeline };

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
  app.use(requestLog(logger));
  app.use(cors(config.corsOrigins));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    createCdsRouter({
      config,
      discovery: buildDiscovery(PREFETCH_TEMPLATES, cardTopicsIn(deps.cardTexts)),
      verifier,
      pipeline,
      feedbackStore: deps.feedbackStore ?? new MemoryFeedbackStore(),
      logger,
      now,
    }),
  );
  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
