/**
 * Run in every test file (jest setupFilesAfterEnv).
 *
 * nock patches node:http for the whole jest worker process, but each test file loads its own copy of nock, so each
 * file restores its copy at the end; importing nock here makes it the same copy the test file uses.
 *
 * nock's mock sockets do not survive keep-alive reuse (a replied error on a reused one is emitted where nobody
 * listens), so FHIR queries in tests use pools without keep-alive. Keep-alive itself is tested over real sockets
 * with its own pools in test/data/fhir-http-transport.test.ts.
 */
import http from 'node:http';
import https from 'node:https';
import nock from 'nock';
import { connectionPools } from '../../src/data/fhir-http-transport.js';

connectionPools['http:'] = new http.Agent({ keepAlive: false });
connectionPools['https:'] = new https.Agent({ keepAlive: false });

/**
 * nock.restore() disposes this file's interceptor, but when another copy applied first, this copy only borrowed that
 * one (@mswjs/interceptors keeps the running instance on globalThis), and the patch outlives the file. Whatever
 * instance is still running is disposed too, so every test file starts on node:http as Node ships it.
 */
export function removeHttpInterceptors(): void {
  nock.restore();
  const running = (globalThis as Record<symbol, { dispose?: () => void } | undefined>)[
    Symbol.for('client-request-interceptor')
  ];
  running?.dispose?.();
}

afterAll(removeHttpInterceptors);
