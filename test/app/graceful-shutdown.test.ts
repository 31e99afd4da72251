/**
 * Graceful shutdown and slow-client timeouts on a real HTTP server (loopback): in-flight calls finish, new
 * connections are refused, the store is flushed after the last answer, and slow clients are cut off.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import express from 'express';
import { shutDown } from '../../src/app/graceful-shutdown.js';
import { createHttpServer } from '../../src/app/http-server.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** `onAnswered` hears of each /slow answer once the server has written it (server side, not client side). */
function slowApp(delayMs: number, onAnswered: (status: number) => void = () => undefined) {
  const app = express();
  app.get('/slow', async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    res.on('finish', () => onAnswered(res.statusCode));
    res.json({ done: true });
  });
  app.get('/fast', (_req, res) => {
    res.json({ done: true });
  });
  app.post('/echo', express.json(), (req, res) => {
    res.json(req.body);
  });
  return app;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

describe('shutDown', () => {
  it('finishes in-flight calls, refuses new ones, then flushes, and exits 0', async () => {
    const events: string[] = [];
    // The order that matters is the server's: its answer written before the store is flushed. (The client may
    // read the answer after the server has already closed, so client-side timing would make this test flaky.)
    const server = createHttpServer(
      slowApp(300, (status) => events.push(`answered ${status}`)),
      TIMEOUTS,
    );
    const url = await listen(server);
    // A keep-alive connection that is idle must not hold the shutdown open.
    await fetch(`${url}/fast`);
    const inFlight = fetch(`${url}/slow`).then((res) => res.json());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const done = shutDown(server, {
      graceMs: 5_000,
      logger: silent,
      flush: [
        () => {
          events.push('flushed');
        },
      ],
    });
    await expect(fetch(`${url}/fast`)).rejects.toThrow();
    expect(await inFlight).toEqual({ done: true });
    expect(await done).toBe(0);
    expect(events).toEqual(['answered 200', 'flushed']);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('cuts off calls still running at the grace bound, still flushes, and exits 0', async () => {
    const server = createHttpServer(slowApp(10_000), TIMEOUTS);
    const url = await listen(server);
    const stuck = fetch(`${url}/slow`).then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const flushed: string[] = [];
    const started = Date.now();
    const code = await shutDown(server, {
      graceMs: 200,
      logger: silent,
      flush: [() => void flushed.push('store')],
    });
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await stuck).toBe('cut off');
    expect(flushed).toEqual(['store']);
  });

  it('a failing flush makes the exit code 1, and later flushes still run', async () => {
    const server = createHttpServer(slowApp(0), TIMEOUTS);
    await listen(server);
    const ran: string[] = [];
    const code = await shutDown(server, {
      graceMs: 1_000,
      logger: silent,
      flush: [
        () => Promise.reject(new Error('disk full')),
        () => {
          ran.push('second');
        },
      ],
    });
    expect(code).toBe(1);
    expect(ran).toEqual(['second']);
  });
});

describe('slow clients', () => {
  /** Opens a raw connection, sends `chunks` slowly, resolves with what the server answered and when. */
  function trickle(url: string, chunks: string[], everyMs: number) {
    const { port } = new URL(url);
    return new Promise<{ answer: string; afterMs: number }>((resolve) => {
      const started = Date.now();
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      let i = 0;
      const timer = setInterval(() => {
        if (i < chunks.length && !socket.destroyed) socket.write(chunks[i++]!);
      }, everyMs);
      socket.on('data', (data) => {
        answer += data.toString('utf8');
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, afterMs: Date.now() - started });
      });
    });
  }

  it('a request head that never completes is answered 408 and closed after headersTimeout', async () => {
    const server = createHttpServer(slowApp(0), { headersTimeoutMs: 400, requestTimeoutMs: 2_000 });
    const url = await listen(server);
    const slowloris = Array.from({ length: 100 }, (_, i) =>
      i === 0 ? 'GET /fast HTTP/1.1\r\n' : `X-${i}: y\r\n`,
    );
    const { answer, afterMs } = await trickle(url, slowloris, 50);
    server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeGreaterThanOrEqual(400);
    expect(afterMs).toBeLessThan(1_500);
  });

  it('a body that trickles in is cut off after requestTimeout', async () => {
    const server = createHttpServer(slowApp(0), { headersTimeoutMs: 400, requestTimeoutMs: 800 });
    const url = await listen(server);
    const head =
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
    const body = Array.from({ length: 100 }, () => ' ');
    const { answer, afterMs } = await trickle(url, [head, '{"a":', ...body], 50);
    server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeGreaterThanOrEqual(800);
    expect(afterMs).toBeLessThan(2_500);
  });

  it('an ordinary request is unaffected', async () => {
    const server = createHttpServer(slowApp(0), { headersTimeoutMs: 400, requestTimeoutMs: 800 });
    const url = await listen(server);
    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ok: 1 }),
    });
    expect(await res.json()).toEqual({ ok: 1 });
    await shutDown(server, { graceMs: 500, logger: silent });
  });
});
