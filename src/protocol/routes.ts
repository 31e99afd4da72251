/**
 * The CDS Hooks HTTP surface: discovery, the hook endpoints and their feedback endpoints.
 * Order on a hook call: unknown service (404) -> caller authentication (401) -> JSON body (400/413) ->
 * validation (400) -> orchestration (200/412). Authentication comes before the body is parsed so unauthenticated
 * callers cannot make the service parse large payloads.
 */
import { type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config.js';
import { beginAudit, hookTraceOf, recordAnswer } from './audit/audit-hook-calls.js';
import type { AuditLog } from './audit/hook-call-record.js';
import type { Caller } from './auth/caller.js';
import type { JwtVerifier } from './auth/jwt-verifier.js';
import { requireCaller } from './auth/require-caller.js';
import type { DiscoveryDocument } from './discovery.js';
import type { FeedbackStore } from './feedback/store.js';
import { handleHookCall } from './hook-handler.js';
import { HttpError } from './http-error.js';
import { jsonBody } from './json-body.js';
import { operationOutcome } from './operation-outcome.js';
import type { HookPipeline } from './pipeline.js';
import { type FeedbackItem, feedbackRequestSchema } from './schemas/feedback.js';
import { orderSelectRequestSchema, orderSignRequestSchema } from './schemas/hook-request.js';
import { feedbackUrl, findService, type ServiceDefinition, serviceUrl } from './services.js';
import { parseOrThrow } from './validation.js';

export const BODY_LIMIT = '10mb';

export interface CdsRouterDeps {
  config: ServiceConfig;
  discovery: DiscoveryDocument;
  verifier: JwtVerifier;
  pipeline: HookPipeline;
  feedbackStore: FeedbackStore;
  /** Every authenticated hook call is recorded here; a 200 only once its record is durable. */
  auditLog: AuditLog;
  logger: Logger;
  now: () => Date;
  /** Per-client rate limit, run right after authentication (429 + Retry-After); none: unlimited. */
  rateLimit?: RequestHandler;
}

const parseBody = jsonBody();

/** 404 before anything else for an id we do not serve. */
const knownService: RequestHandler = (req, res, next) => {
  const service = findService(String(req.params.id));
  if (!service)
    throw HttpError.outcome(404, 'not-found', `no CDS service with id "${String(req.params.id)}"`);
  res.locals.service = service;
  res.locals.serviceId = service.id;
  next();
};

const methodNotAllowed: RequestHandler = (req) => {
  throw HttpError.outcome(405, 'not-supported', `${req.method} is not supported here`);
};

/**
 * Feedback names cards by uuid; only the client that received a card, at the service that answered it, may report
 * on it (the audit trail records who got each card). Anything else is 404, the same answer for a card never
 * answered and for another client's card, so a client learns nothing about cards it did not receive.
 */
async function requireCardsAnsweredTo(
  auditLog: AuditLog,
  feedback: readonly FeedbackItem[],
  iss: string,
  serviceId: string,
): Promise<void> {
  const recipients = await auditLog.cardRecipients(feedback.map((item) => item.card));
  const issues = feedback.flatMap((item, i) => {
    const recipient = recipients.get(item.card);
    if (recipient?.iss === iss && recipient.serviceId === serviceId) return [];
    const expression = `feedback[${i}].card`;
    return [
      {
        code: 'not-found' as const,
        diagnostics: `${expression}: no card with this uuid was answered to this client by this service`,
        expression,
      },
    ];
  });
  if (issues.length > 0) {
    throw new HttpError(
      404,
      operationOutcome(issues.slice(0, 20)),
      'feedback names cards not answered to this client',
    );
  }
}

export function createCdsRouter(deps: CdsRouterDeps): Router {
  const { config } = deps;
  const router = Router();
  const rateLimit: RequestHandler = deps.rateLimit ?? ((_req, _res, next) => next());
  const authOptions = {
    verifier: deps.verifier,
    allowUnsignedLoopback: config.allowUnsignedLoopback,
    logger: deps.logger,
    // The feedback endpoint also accepts a token minted for its service URL: CDS Hooks names the endpoint URL as
    // aud, and EHRs differ on whether feedback is "its own" endpoint.
    audiences: (id: string, isFeedback: boolean) =>
      isFeedback
        ? [feedbackUrl(config.baseUrl, id), serviceUrl(config.baseUrl, id)]
        : [serviceUrl(config.baseUrl, id)],
  };

  // Discovery is open: an Authorization header, if any, is ignored.
  router.get('/cds-services', (_req, res) => {
    res.json(deps.discovery);
  });
  router.all('/cds-services', methodNotAllowed);

  router.post(
    '/cds-services/:id',
    knownService,
    beginAudit(deps.auditLog, deps.logger, deps.now),
    requireCaller(authOptions, false),
    rateLimit,
    parseBody,
    async (req, res) => {
      const service = res.locals.service as ServiceDefinition;
      const hookInstance = (req.body as { hookInstance?: unknown } | undefined)?.hookInstance;
      if (typeof hookInstance === 'string') res.locals.hookInstance = hookInstance.slice(0, 128);
      const schema = service.hook === 'order-select' ? orderSelectRequestSchema : orderSignRequestSchema;
      const request = parseOrThrow(schema, req.body);
      // From here on the validated request is what is read. Node keeps this request object until the next call on
      // the same keep-alive connection, so a parsed chart left on it would stay live (and be copied by the GC)
      // while that next call parses its own.
      req.body = undefined;
      if (request.hook !== service.hook) {
        throw HttpError.outcome(
          400,
          'invalid',
          `hook: service ${service.id} answers "${service.hook}", the request says "${request.hook}"`,
        );
      }
      const aborter = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) aborter.abort();
      });
      const response = await handleHookCall(
        {
          service,
          request,
          caller: res.locals.caller as Caller,
          now: deps.now(),
          signal: aborter.signal,
          trace: hookTraceOf(res),
          warn: (message, fields) =>
            deps.logger.warn(
              { serviceId: service.id, hookInstance: res.locals.hookInstance, ...fields },
              message,
            ),
        },
        deps.pipeline,
        config,
      );
      res.locals.cardCount = response.cards.length;
      await recordAnswer(deps.auditLog, res, response);
      res.json(response);
    },
  );

  router.post(
    '/cds-services/:id/feedback',
    knownService,
    requireCaller(authOptions, true),
    rateLimit,
    parseBody,
    async (req, res) => {
      const { feedback } = parseOrThrow(feedbackRequestSchema, req.body);
      const caller = res.locals.caller as Caller;
      const serviceId = res.locals.serviceId as string;
      await requireCardsAnsweredTo(deps.auditLog, feedback, caller.iss, serviceId);
      await deps.feedbackStore.append(feedback, { serviceId, iss: caller.iss });
      res.json({});
    },
  );

  router.all('/cds-services/:id', knownService, methodNotAllowed);
  router.all('/cds-services/:id/feedback', knownService, methodNotAllowed);
  return router;
}
