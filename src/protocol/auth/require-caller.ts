/**
 * Express middleware guarding hook and feedback endpoints: a valid bearer JWT whose `aud` is the URL called,
 * or, with the development switch on, no Authorization header at all from a loopback address.
 * Failures throw a 401 HttpError carrying the reason for the log only; a token the replay cache cannot take right
 * now (full of live tokens) is a 503 with Retry-After.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../http-error.js';
import { singleIssue } from '../operation-outcome.js';
import { type Caller, isLoopbackAddress } from './caller.js';
import type { JwtVerifier } from './jwt-verifier.js';

export interface RequireCallerOptions {
  verifier: JwtVerifier;
  /** The `aud` values accepted for this request (the exact endpoint URL, plus aliases). */
  audiences: (serviceId: string, isFeedback: boolean) => string[];
  allowUnsignedLoopback: boolean;
  logger: Logger;
}

const BEARER = /^Bearer[ ]+([A-Za-z0-9_\-.~+/]+=*)$/i;

export function requireCaller(options: RequireCallerOptions, isFeedback: boolean): RequestHandler {
  return async (req, res, next) => {
    const serviceId = String(req.params.id);
    const header = req.get('authorization');
    let caller: Caller;
    if (
      header === undefined &&
      options.allowUnsignedLoopback &&
      isLoopbackAddress(req.socket.remoteAddress)
    ) {
      options.logger.warn(
        { requestId: res.locals.requestId, serviceId },
        'UNSIGNED call accepted from loopback (allowUnsignedLoopback is on; development only)',
      );
      caller = { kind: 'unsigned-loopback', iss: 'unsigned-loopback' };
    } else {
      if (header === undefined) throw HttpError.unauthorized('no Authorization header');
      const token = BEARER.exec(header)?.[1];
      if (!token) throw HttpError.unauthorized('Authorization header is not a Bearer token');
      const result = await options.verifier.verify(token, options.audiences(serviceId, isFeedback));
      if (!result.ok && result.retryAfterSeconds !== undefined) {
        // Not the caller's fault: the replay cache cannot take one more live token right now.
        res.setHeader('Retry-After', String(result.retryAfterSeconds));
        throw new HttpError(
          503,
          singleIssue('transient', 'the service cannot check this token for replay right now; retry later'),
          `JWT not checked: ${result.reason}`,
        );
      }
      if (!result.ok) throw HttpError.unauthorized(`JWT rejected: ${result.reason}`);
      caller = result.caller;
    }
    res.locals.caller = caller;
    res.locals.iss = caller.iss;
    next();
  };
}
