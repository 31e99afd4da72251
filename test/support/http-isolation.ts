/**
 * Run in every test file (jest setupFilesAfterEnv).
 *
 * nock patches node:http through @mswjs/interceptors for the whole jest worker process, and the patch would outlive
 * the test file that loaded nock: later files would then send even their real loopback requests through mock
 * sockets. At the end of every file, whatever interceptor is still running (msw keeps it on globalThis) is disposed.
 *
 * nock's mock sockets do not survive keep-alive reuse, so FHIR queries in tests use pools without keep-alive.
 * Keep-alive itself is tested over real sockets with its own pool in test/data/fhir-http-transport.test.ts.
 */
import http from 'node:http';
import https from 'node:https';
import { connectionPools } from '../../src/data/fhir-http-transport.js';

connectionPools['http:'] = new http.Agent({ keepAlive: false });
connectionPools['https:'] = new https.Agent({ keepAlive: false });

const INTERCEPTORS = ['client-request-interceptor', 'fetch-interceptor'];

export function removeHttpInterceptors(): void {
  for (const name of INTERCEPTORS) {
    const running = (globalThis as Record<symbol, { dispose?: () => void } | undefined>)[Symbol.for(name)];
    running?.dispose?.();
  }
}

afterAll(removeHttpInterceptors);
