/**
 * One structured log line per request: request id (echoed from X-Request-Id or generated), service id, hookInstance,
 * caller iss, status and duration. Deliberately no headers and no body: tokens and clinical data stay out of logs.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** A client-supplied request id is echoed only if it is short and plain, so it cannot forge log content. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const supplied = req.get('x-request-id');
    const requestId = supplied && SAFE_REQUEST_ID.test(supplied) ? supplied : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger[level](
        {
          requestId,
          method: req.method,
          path: req.path,
          serviceId: res.locals.serviceId,
          hookInstance: res.locals.hookInstance,
          iss: res.locals.iss,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          ...(res.locals.rejection ? { reason: res.locals.rejection } : {}),
          ...(res.locals.cardCount !== undefined ? { cards: res.locals.cardCount } : {}),
        },
        'request',
      );
    });
    next();
  };
}
