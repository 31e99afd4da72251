/**
 * The last middleware: every error becomes a safe JSON answer. Known client faults (bad JSON, too large, bad JWT,
 * validation) get their 4xx; anything unexpected is a 500 with a generic OperationOutcome and the detail only in
 * the log (never the request body or headers).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './http-error.js';
import { singleIssue } from './operation-outcome.js';

interface BodyParserError {
  type?: string;
  status?: number;
}

function fromBodyParser(error: BodyParserError): HttpError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return HttpError.outcome(413, 'too-long', 'request body is larger than the 10 MB limit');
    case 'entity.parse.failed':
      return HttpError.outcome(400, 'structure', '(body): is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return HttpError.outcome(415, 'not-supported', 'request body encoding or charset is not supported');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return HttpError.outcome(400, 'structure', 'request body could not be read');
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return HttpError.outcome(error.status, 'invalid', 'request could not be processed');
  }
  return undefined;
}

export function notFound(): RequestHandler {
  return (req, _res, next) =>
    next(HttpError.outcome(404, 'not-found', `no resource at ${req.method} ${req.path}`));
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = error instanceof HttpError ? error : fromBodyParser(error as BodyParserError);
    if (known) {
      if (known.logReason) res.locals.rejection = known.logReason;
      res.status(known.status).json(known.body);
      return;
    }
    const err = error as Error;
    logger.error(
      { requestId: res.locals.requestId, err: { name: err?.name, message: err?.message, stack: err?.stack } },
      'unexpected error',
    );
    res
      .status(500)
      .json(singleIssue('exception', 'internal error; the request id identifies it in the service log'));
  };
}
