/**
 * The node:http FHIR transport over real loopback sockets (no mocks): keep-alive reuse, errors shaped the way
 * classifyQueryError reads them, no redirects, decompression, the response size cap, aborts and cut-off answers.
 */
import http, { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { FhirHttpError, FhirHttpTransport } from '../../src/data/fhir-http-transport.js';
import { classifyQueryError } from '../../src/data/query-error.js';
import { removeHttpInterceptors } from '../support/http-isolation.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler;
let connections = 0;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  // These tests are about real sockets (keep-alive reuse, resets): jest runs this file first in its worker
  // (test/support/real-sockets-first.cjs), before any file loads nock; a patched node:http fails loudly here.
  removeHttpInterceptors();
  expect(String(http.request)).toContain('new ClientRequest');
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir/R4`;
});
afterAll(async () => {
  pool.destroy();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
beforeEach(() => {
  seen.length = 0;
  connections = 0;
  server.closeAllConnections();
});

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

// The process-wide pools are swapped for ones without keep-alive in tests (test/support/http-isolation.ts); this file
// tests keep-alive, so it brings its own.
const pool = new Agent({ keepAlive: true });

function transport(options: { maxResponseBytes?: number } = {}) {
  return new FhirHttpTransport({ baseUrl: base, bearerToken: 'secret-token', agent: pool, ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('FhirHttpTransport', () => {
  test('GETs under the base with the FHIR accept header and the bearer token, and parses the answer', async () => {
    handler = json({ resourceType: 'Patient', id: 'p1' });
    await expect(transport().get('Patient/p1')).resolves.toEqual({ resourceType: 'Patient', id: 'p1' });
    expect(seen[0]!.url).toBe('/fhir/R4/Patient/p1');
    expect(seen[0]!.headers.accept).toBe('application/fhir+json');
    expect(seen[0]!.headers.authorization).toBe('Bearer secret-token');
  });

  test('joins paths and bases with or without slashes; an absolute URL is used as is', async () => {
    const t = new FhirHttpTransport({ baseUrl: `${base}/` });
    expect(t.expandUrl('/Condition?patient=p1')).toBe(`${base}/Condition?patient=p1`);
    expect(t.expandUrl('Condition?patient=p1')).toBe(`${base}/Condition?patient=p1`);
    expect(t.expandUrl(`${base}/Condition?page=2`)).toBe(`${base}/Condition?page=2`);
  });

  test('reuses one keep-alive connection for sequential requests', async () => {
    handler = json({ resourceType: 'Bundle', type: 'searchset' });
    const t = transport();
    for (let i = 0; i < 5; i++) await t.get(`Condition?patient=p${i}`);
    expect(seen).toHaveLength(5);
    expect(connections).toBe(1);
  });

  test('an HTTP error carries its status, which classifies as the gap reason', async () => {
    for (const [status, reason] of [
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not-found'],
      [429, 'rate-limited'],
      [503, 'server-error'],
    ] as const) {
      handler = json({ resourceType: 'OperationOutcome' }, status);
      const error = await failure(transport().get('Condition'));
      expect(error).toBeInstanceOf(FhirHttpError);
      expect((error as FhirHttpError).response.status).toBe(status);
      expect(classifyQueryError(error, false).reason).toBe(reason);
    }
  });

  test('a redirect is an error, never followed', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/elsewhere')) return json({ resourceType: 'Bundle' })(req, res);
      res.writeHead(302, { location: '/elsewhere/Condition' });
      res.end();
    };
    const error = await failure(transport().get('Condition'));
    expect((error as FhirHttpError).response.status).toBe(302);
    expect(seen.map((r) => r.url)).toEqual(['/fhir/R4/Condition']);
  });

  test('a 200 that is not JSON is an unreadable answer; an empty 200 is {}', async () => {
    handler = json('<html>oops</html>');
    const error = await failure(transport().get('Condition'));
    expect(classifyQueryError(error, false)).toEqual({
      reason: 'invalid-response',
      detail: 'unreadable response (HTTP 200)',
    });
    handler = json('');
    await expect(transport().get('Condition')).resolves.toEqual({});
  });

  test('gzip and deflate answers are decompressed', async () => {
    const body = JSON.stringify({ resourceType: 'Bundle', total: 7 });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync(body));
    };
    await expect(transport().get('Condition')).resolves.toEqual({ resourceType: 'Bundle', total: 7 });
    expect(seen[0]!.headers['accept-encoding']).toBe('gzip, deflate');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'deflate' });
      res.end(deflateSync(body));
    };
    await expect(transport().get('Condition')).resolves.toEqual({ resourceType: 'Bundle', total: 7 });
  });

  test('an answer over the size cap (after decompression) is refused', async () => {
    const big = JSON.stringify({ resourceType: 'Bundle', pad: 'x'.repeat(10_000) });
    handler = json(big);
    const error = await failure(transport({ maxResponseBytes: 5_000 }).get('Condition'));
    expect(classifyQueryError(error, false).reason).toBe('invalid-response');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync(big));
    };
    const zipped = await failure(transport({ maxResponseBytes: 5_000 }).get('Condition'));
    expect(classifyQueryError(zipped, false).reason).toBe('invalid-response');
    await expect(transport({ maxResponseBytes: 20_000 }).get('Condition')).resolves.toHaveProperty('pad');
  });

  test('an abort while the body is still arriving rejects at once with an AbortError', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.write('{"resourceType":"Bun');
    };
    const controller = new AbortController();
    const pending = transport().get('Condition', { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    controller.abort();
    const error = await failure(pending);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.name).toBe('AbortError');
    expect(classifyQueryError(error, false).reason).toBe('timeout');
  });

  test('an already aborted signal sends nothing', async () => {
    handler = json({});
    const controller = new AbortController();
    controller.abort();
    const error = await failure(transport().get('Condition', { signal: controller.signal }));
    expect(error.name).toBe('AbortError');
    expect(seen).toHaveLength(0);
  });

  test('an answer cut off before its declared length is unreachable, not data', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': '1000' });
      res.write('{"resourceType":"Bundle"}');
      setTimeout(() => req.socket.destroy(), 10);
    };
    const error = await failure(transport().get('Condition'));
    expect(classifyQueryError(error, false).reason).toBe('unreachable');
  });

  test('a kept-alive connection closed under the request is retried once on a fresh one (GET is idempotent)', async () => {
    let calls = 0;
    handler = (req, res) => {
      calls++;
      if (calls === 2) {
        req.socket.destroy();
        return;
      }
      json({ resourceType: 'Bundle' })(req, res);
    };
    const t = transport();
    await t.get('Condition');
    await expect(t.get('Condition')).resolves.toEqual({ resourceType: 'Bundle' });
    expect(calls).toBe(3);
  });

  test('a reset that repeats on the retry is unreachable, after one retry only', async () => {
    let calls = 0;
    handler = (req, res) => {
      calls++;
      if (calls >= 2) {
        req.socket.destroy();
        return;
      }
      json({ resourceType: 'Bundle' })(req, res);
    };
    const t = transport();
    await t.get('Condition');
    const error = await failure(t.get('Condition'));
    expect(classifyQueryError(error, false).reason).toBe('unreachable');
    expect(calls).toBe(3);
  });

  test('a refused connection is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const error = await failure(
      new FhirHttpTransport({ baseUrl: `http://127.0.0.1:${port}/fhir` }).get('Patient/p'),
    );
    expect(classifyQueryError(error, false).reason).toBe('unreachable');
  });

  test('only GET is offered', async () => {
    await expect(transport().request('POST', 'Patient')).rejects.toThrow('POST is not supported');
  });
});
