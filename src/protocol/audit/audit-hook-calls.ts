/**
 * Puts every authenticated hook call into the audit log. A call answered 200 is recorded BEFORE the answer is
 * sent (recordAnswer), so a crash can never leave a 200 the payer has no record of. A call that ends otherwise
 * (400, 412, 5xx...) is recorded once its answer has gone out: best effort, nothing was decided for it.
 * Calls that fail authentication are not stored: an unauthenticated caller must not be able to fill the disk
 * (the request log still has a line for each).
 */
import { performance } from 'node:perf_hooks';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { cardKindCodes, cardKindsOf } from '../../cards/card-kind.js';
import type { Caller } from '../auth/caller.js';
import { HttpError } from '../http-error.js';
import { singleIssue } from '../operation-outcome.js';
import type { CdsResponse } from '../pipeline.js';
import type { ServiceDefinition } from '../services.js';
import type { AuditLog, HookCallRecord, HookTrace } from './hook-call-record.js';

interface AuditState {
  receivedAt: Date;
  started: number;
  trace: HookTrace;
  recorded: boolean;
}

function stateOf(res: Response): AuditState {
  return res.locals.audit as AuditState;
}

/** The trace the hook handler fills for this call. */
export function hookTraceOf(res: Response): HookTrace {
  return stateOf(res).trace;
}

function cardUuids(response: CdsResponse | undefined): string[] {
  return (response?.cards ?? [])
    .map((card) => card.uuid)
    .filter((uuid): uuid is string => typeof uuid === 'string');
}

function buildRecord(res: Response, status: number, response?: CdsResponse): HookCallRecord {
  const state = stateOf(res);
  const service = res.locals.service as ServiceDefinition;
  const { trace } = state;
  const uuids = cardUuids(response);
  // The kinds the hook handler read before filtering; reading the answered cards is exact only when none was dropped.
  const kinds = trace.cardKinds ?? cardKindsOf(response ?? {});
  return {
    receivedAt: state.receivedAt.toISOString(),
    requestId: res.locals.requestId as string | undefined,
    serviceId: service.id,
    hook: service.hook,
    hookInstance: res.locals.hookInstance as string | undefined,
    iss: (res.locals.caller as Caller).iss,
    patientId: trace.patientId,
    orderIds: trace.orderIds ?? [],
    determinations: trace.determinations ?? [],
    cardUuids: uuids,
    cardKinds: cardKindCodes(uuids, kinds),
    status,
    totalMs: Math.round((performance.now() - state.started) * 100) / 100,
    gatherMs: trace.gatherMs === undefined ? undefined : Math.round(trace.gatherMs * 100) / 100,
  };
}

/** First middleware of a hook route (after the service lookup): starts the clock and arms the failure record. */
export function beginAudit(log: AuditLog, logger: Logger, now: () => Date): RequestHandler {
  return (_req, res, next) => {
    const state: AuditState = { receivedAt: now(), started: performance.now(), trace: {}, recorded: false };
    res.locals.audit = state;
    res.on('finish', () => {
      if (state.recorded || !res.locals.caller) return;
      state.recorded = true;
      log.recordHookCall(buildRecord(res, res.statusCode)).catch((error: Error) => {
        logger.error(
          { requestId: res.locals.requestId, err: { message: error.message } },
          'audit: could not record a failed hook call',
        );
      });
    });
    next();
  };
}

/**
 * Records a call about to be answered 200 and resolves once the record is durable. If the audit log cannot be
 * written the call is answered 503 instead: an answer the payer could not later account for is worse than none.
 */
export async function recordAnswer(log: AuditLog, res: Response, response: CdsResponse): Promise<void> {
  const state = stateOf(res);
  state.recorded = true;
  try {
    await log.recordHookCall(buildRecord(res, 200, response));
  } catch (error) {
    state.recorded = false;
    // The cause (a file path, a database message) goes to the log only.
    throw new HttpError(
      503,
      singleIssue('exception', 'the audit trail could not be written; try again'),
      `audit write failed: ${(error as Error).message}`,
    );
  }
}
