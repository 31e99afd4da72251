/**
 * Express middleware guarding hook and feedback endpoints: a valid bearer JWT whose `aud` is the URL called,
 * or, with the development switch on, no Authorization header at all from a loopback address.
 * Failures throw a 401 HttpError carrying the reason for the log only.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../http-error.js';
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
      if (!result.ok) throw HttpError.unauthorized(`JWT rejected: ${result.reason}`);
      caller = result.caller;
    }
    res.locals.caller = caller;
    res.locals.iss = caller.iss;
    next();
  };
}
