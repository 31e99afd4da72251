/**
 * The HTTP server around the express app, with the timeouts that protect it from slow clients: a client that
 * trickles its request head (slowloris) or body cannot hold a connection and its memory for long.
 */
import { createServer, type RequestListener, type Server } from 'node:http';

export interface ServerTimeouts {
  /** The request head must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, head and body, must arrive within this (ms). */
  requestTimeoutMs: number;
}

export function createHttpServer(app: RequestListener, timeouts: ServerTimeouts): Server {
  // Node requires headersTimeout <= requestTimeout.
  const requestTimeout = timeouts.requestTimeoutMs;
  const headersTimeout = Math.min(timeouts.headersTimeoutMs, requestTimeout);
  return createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks these timeouts on a timer (30 s by default), which would let a slow client stay far longer
      // than configured; check at a fraction of the shortest timeout instead.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    app,
  );
}
