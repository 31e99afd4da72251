/**
 * The JSON body reader of the CDS endpoints. A hook body is mostly prefetch (a typical one is 45 KB), read on
 * every call, so its common form (identity encoding, UTF-8, a JSON media type) is read here directly: chunks
 * collected into one Buffer, decoded once, parsed once. body-parser's generic path (stream decoder, iconv, its
 * raw-body bookkeeping) cost as much again as JSON.parse itself in the service's profile. Every other form
 * (gzip/deflate/br, another charset) goes to body-parser, which knows them; the answers are the same either way:
 * 400 for malformed JSON or a top-level value that is not an object or array, 413 over the limit.
 */
import { isAscii } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error.js';

export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const tooLarge = () => HttpError.outcome(413, 'too-long', 'request body is larger than the 10 MB limit');
const notJson = () => HttpError.outcome(400, 'structure', '(body): is not valid JSON');

/** application/json or application/<x>+json, with no parameter but an optional charset=utf-8. */
export function isPlainJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [media, ...params] = contentType.split(';');
  const type = media!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[^/\s]+\+json$/.test(type)) return false;
  return params.every((param) => /^\s*charset\s*=\s*"?utf-8"?\s*$/i.test(param));
}

/** application/json or application/<x>+json, whatever its parameters: a JSON body this reader or body-parser reads. */
function isJsonMediaType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[^/\s]+\+json$/.test(type);
}

/**
 * CDS Hooks bodies are JSON (application/json). A body of another media type, or of none, is refused with 415
 * (HTTP's "unsupported media type") saying so, before it is read, rather than left unread and reported as
 * missing fields.
 */
const notJsonMediaType = (contentType: string | undefined) =>
  HttpError.outcome(
    415,
    'not-supported',
    contentType
      ? `(body): expected Content-Type application/json, got ${contentType.split(';')[0]!.trim().slice(0, 60)}`
      : '(body): expected Content-Type application/json, got none',
  );

/** What body-parser calls "has a body": chunked, or a Content-Length (even 0). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

/** body-parser's strict mode: an empty body is {}, any other top level than an object or array is refused. */
export function parseStrictJson(text: string): unknown {
  // A UTF-8 byte order mark is not JSON, but body-parser drops it, so clients may send one.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return {};
  const first = /\S/.exec(body)?.[0];
  if (first !== '{' && first !== '[') throw notJson();
  try {
    return JSON.parse(body);
  } catch {
    throw notJson();
  }
}

/**
 * UTF-8 text of `bytes`. Most hook bodies are plain ASCII (FHIR JSON from US EHRs), and for ASCII the Latin-1
 * decoder gives the same string without UTF-8 validation: half the time on a 4 MB chart. isAscii is a SIMD scan.
 */
export function decodeUtf8(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

export function jsonBody(limitBytes = BODY_LIMIT_BYTES): RequestHandler {
  const general = express.json({
    limit: limitBytes,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  return (req, res, next) => {
    const encoding = req.headers['content-encoding'];
    const plain =
      isPlainJsonType(req.headers['content-type']) &&
      (encoding === undefined || encoding.toLowerCase() === 'identity') &&
      hasBody(req);
    const declared = Number(req.headers['content-length']);
    if (hasBody(req) && declared !== 0 && !isJsonMediaType(req.headers['content-type'])) {
      next(notJsonMediaType(req.headers['content-type']));
      return;
    }
    if (!plain || declared > limitBytes) {
      general(req, res, next);
      return;
    }
    // With a Content-Length the bytes go straight into one buffer of that size, each chunk released as soon as it
    // is copied: a 4 MB chart is then never held as chunks and a concatenated copy at once. Chunked bodies collect.
    let sized = Number.isInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    // The listeners below live as long as the request object, and Node keeps that until the next request on the
    // same keep-alive connection arrives: the bytes are let go as soon as they are decoded, or refused.
    const release = () => {
      sized = undefined;
      chunks.length = 0;
    };
    const fail = (error: HttpError) => {
      if (failed) return;
      failed = true;
      release();
      next(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (size + chunk.length > limitBytes) fail(tooLarge());
      else if (sized) {
        // Node's parser never delivers more than Content-Length; the check keeps a bad copy impossible anyway.
        if (size + chunk.length > sized.length) fail(notJson());
        else chunk.copy(sized, size);
      } else chunks.push(chunk);
      size += chunk.length;
    });
    req.on('aborted', () => fail(HttpError.outcome(400, 'structure', 'request body could not be read')));
    req.on('error', () => fail(HttpError.outcome(400, 'structure', 'request body could not be read')));
    req.on('end', () => {
      if (failed) return;
      try {
        const bytes = sized
          ? sized.subarray(0, size)
          : chunks.length === 1
            ? chunks[0]!
            : Buffer.concat(chunks, size);
        const text = decodeUtf8(bytes);
        release();
        req.body = parseStrictJson(text);
      } catch (error) {
        fail(error as HttpError);
        return;
      }
      next();
    });
  };
}
