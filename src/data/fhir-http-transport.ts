/**
 * The HTTP transport under the FHIR client: GETs on node:http/https with keep-alive agents.
 *
 * Why not fetch: fhir-kit-client 2 sends every request through Node's fetch (undici), and in the no-prefetch
 * benchmark (six queries per hook call) fetch's Request/Headers/AbortSignal/web-stream machinery was 43% of the
 * service's CPU, about 0.6 ms per query. node:http does the same GET for a fraction of that. fhir-kit-client stays the
 * client API (src/data/fhir-client.ts installs this as its httpClient); only the bytes move differently.
 *
 * What it keeps from the fetch path, because the rest of the data layer relies on it:
 * - errors carry `response.status` (HTTP errors and unparseable bodies), as fhir-kit-client's do, so
 *   classifyQueryError reads them the same way; an abort rejects with an AbortError;
 * - redirects are never followed (a 3xx is an HTTP error), so a request cannot leave the allow-listed server;
 * - gzip and deflate answers are decompressed.
 * And one thing the fetch path lacked: an answer larger than `maxResponseBytes` (decompressed) is cut off, so a
 * broken or hostile server cannot make the service buffer without bound.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { createGunzip, createInflate } from 'node:zlib';
import { type ByteBudget, ByteBudgetSpentError } from './byte-budget.js';

/** 50 MB: far above any page this service asks for (a 5,000-Condition chart is under 4 MB), far below harm. */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/**
 * The connection pools a transport uses when given none: one per protocol for the process, so connections to an EHR
 * are reused across hook calls. Replaceable as a whole (tests whose mock sockets cannot be reused swap in pools
 * without keep-alive).
 */
export const connectionPools: Record<'http:' | 'https:', http.Agent> = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** What fhir-kit-client's errors carry and classifyQueryError reads. */
export class FhirHttpError extends Error {
  readonly response: { status: number };
  constructor(status: number, message: string) {
    super(message);
    this.name = 'FhirHttpError';
    this.response = { status };
  }
}

/** A reused keep-alive connection that turned out closed before any answer: safe to send the GET again. */
class StaleConnectionError extends Error {}

const guarded = new WeakSet<Socket>();
/**
 * A socket's errors reach the request using it, and between requests Node's agent listens itself. An 'error' with
 * no listener at all would crash the process, so as insurance against socket implementations that differ (mocking
 * libraries, for one, have emitted errors outside both windows) every socket gets one listener that ignores what
 * the request already reports.
 */
function guardSocket(socket: Socket): void {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on('error', () => undefined);
}

function abortError(): Error {
  const error = new Error('the request was aborted');
  error.name = 'AbortError';
  return error;
}

export interface TransportOptions {
  baseUrl: string;
  bearerToken?: string;
  maxResponseBytes?: number;
  /** Shared by every request of one hook call: their bytes together may not exceed it. */
  byteBudget?: ByteBudget;
  /** Connection pool; the process-wide keep-alive pool for the URL's protocol when not given. */
  agent?: http.Agent;
}

/** The per-request options this service passes (fhir-kit-client's RequestOptions, the part we use). */
export interface GetOptions {
  signal?: AbortSignal;
}

export class FhirHttpTransport {
  readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly maxResponseBytes: number;
  private readonly byteBudget?: ByteBudget;
  private readonly agent?: http.Agent;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.agent = options.agent;
    this.byteBudget = options.byteBudget;
    this.headers = {
      accept: 'application/fhir+json',
      'accept-encoding': 'gzip, deflate',
      ...(options.bearerToken ? { authorization: `Bearer ${options.bearerToken}` } : {}),
    };
  }

  /** A path relative to the base, or an absolute URL (a next link, vetted by the caller). */
  expandUrl(url = ''): string {
    if (/^https?:\/\//i.test(url)) return url;
    const base = this.baseUrl.endsWith('/') ? this.baseUrl.slice(0, -1) : this.baseUrl;
    return `${base}/${url.startsWith('/') ? url.slice(1) : url}`;
  }

  /** fhir-kit-client's HttpClient.request, for GET (the only method this service uses). */
  request(method: string, url: string, options: GetOptions = {}): Promise<unknown> {
    if (method !== 'GET') return Promise.reject(new Error(`${method} is not supported by this transport`));
    return this.get(url, options);
  }

  async get(url: string, options: GetOptions = {}): Promise<unknown> {
    const target = new URL(this.expandUrl(url));
    if (!(target.protocol in connectionPools)) throw new Error(`unsupported protocol ${target.protocol}`);
    try {
      return await this.send(target, options.signal);
    } catch (error) {
      // A kept-alive connection the server closed while it sat idle fails the moment it is reused. The request never
      // reached the server, and a GET is idempotent, so it is sent once more on a fresh connection (what Node's
      // documentation for request.reusedSocket advises).
      if (!(error instanceof StaleConnectionError)) throw error;
      return this.send(target, options.signal);
    }
  }

  private send(target: URL, signal: AbortSignal | undefined): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(abortError());
    const agent = this.agent ?? connectionPools[target.protocol as keyof typeof connectionPools];
    const send = target.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      let settled = false;
      let answered = false;
      const finish = (error: Error | undefined, value?: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(value);
      };
      const request = send(target, { method: 'GET', agent, headers: this.headers }, (response) => {
        answered = true;
        this.readBody(response, (error, value) => {
          if (error) request.destroy();
          finish(error, value);
        });
      });
      const onAbort = () => {
        // Settle first: destroying the request also fails the body reader, with a less precise error.
        finish(abortError());
        // The socket is guarded before the request is destroyed: Node assigns request.socket a tick before it emits
        // 'socket', and a request destroyed in between never emits it, so guardSocket would never see that socket
        // and an error it emits later (mock sockets in tests do) would have no listener and crash the process. A
        // request with no socket yet is destroyed once it has one.
        if (request.socket) {
          guardSocket(request.socket);
          request.destroy();
        } else request.once('socket', () => request.destroy());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('socket', guardSocket);
      request.on('error', (error: NodeJS.ErrnoException) => {
        const stale = request.reusedSocket && !answered && error.code === 'ECONNRESET';
        finish(stale ? new StaleConnectionError() : error);
      });
      request.end();
    });
  }

  private readBody(
    response: IncomingMessage,
    done: (error: Error | undefined, value?: unknown) => void,
  ): void {
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      // The body of an error answer is not read: nothing in it changes what we report, and it may be large.
      response.resume();
      done(new FhirHttpError(status, `HTTP ${status}`));
      return;
    }
    const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? createGunzip()
        : encoding === 'deflate'
          ? createInflate()
          : undefined;
    if (encoding !== 'identity' && !decoder) {
      response.resume();
      done(new FhirHttpError(status, `unsupported content-encoding ${encoding}`));
      return;
    }
    const stream = decoder ? response.pipe(decoder) : response;
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      chunks.length = 0;
      decoder?.destroy();
      done(error);
    };
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > this.maxResponseBytes)
        fail(new FhirHttpError(status, `answer larger than ${this.maxResponseBytes} bytes`));
      else if (this.byteBudget && !this.byteBudget.spend(chunk.length))
        fail(new ByteBudgetSpentError(this.byteBudget.limit));
      else chunks.push(chunk);
    });
    stream.on('error', (error: Error) =>
      fail(decoder ? new FhirHttpError(status, 'answer could not be decompressed') : error),
    );
    const cutOff = () => fail(new Error('the connection closed before the answer was complete'));
    response.on('aborted', cutOff);
    response.on('error', cutOff);
    stream.on('end', () => {
      if (failed) return;
      if (!response.complete) {
        cutOff();
        return;
      }
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8');
      if (text.length === 0) {
        done(undefined, {});
        return;
      }
      try {
        done(undefined, JSON.parse(text));
      } catch {
        done(new FhirHttpError(status, 'answer is not JSON'));
      }
    });
  }
}
