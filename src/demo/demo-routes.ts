/**
 * The demo's HTTP surface, mounted only in demo mode, in front of the service:
 *   GET  /demo, /demo/policy         the two pages (plain HTML/CSS/JS from src/demo/public, no build step)
 *   GET  /demo/assets/*              their scripts and styles
 *   GET  /demo/api/session           what the page needs to act as an EHR: patients, order codes, the FHIR base and
 *                                    its access token, the service's base URL
 *   POST /demo/api/jwt {aud}         a hook/feedback JWT signed with the demo key, for an audience of this service
 *   GET  /demo/api/policy            the policy view and the feedback counts
 * The API hands out credentials (a FHIR token, signed JWTs), so it answers loopback callers only, and only when the
 * Host header names loopback too: a web page elsewhere cannot reach it through DNS rebinding. It sets no CORS
 * headers, so other origins cannot read its answers.
 */

import { isIP } from 'node:net';
import { join } from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { repoRoot } from '../app/load-policy.js';
import type { FeedbackStore } from '../protocol/feedback/store.js';
import type { CardLedger } from './card-ledger.js';
import type { DemoClient } from './demo-client.js';
import { orderCatalogue } from './order-catalogue.js';
import { buildPolicyView, feedbackView, type PolicyView } from './policy-view.js';
import { DEMO_PATIENTS } from './synthetic-patients.js';

export interface DemoRouteDeps {
  /** The service's public base URL (JWT audiences are under it). */
  baseUrl: string;
  fhirServer: string;
  fhirAccessToken: string;
  /** The practitioner the demo clinician is. */
  userId: string;
  signer: Pick<DemoClient, 'sign'>;
  feedbackStore: FeedbackStore;
  ledger: CardLedger;
  policyDir: string;
  cardsDir: string;
}

export const PUBLIC_DIR = join(repoRoot(), 'src', 'demo', 'public');

/** Browser modules from the installed packages, by the name the page imports them under. */
const VENDOR_MODULES: Readonly<Record<string, string>> = {
  'markdown-it.mjs': join(
    repoRoot(),
    'node_modules',
    'markdown-it',
    'dist',
    'browser',
    'markdown-it.esm.min.mjs',
  ),
  'purify.mjs': join(repoRoot(), 'node_modules', 'dompurify', 'dist', 'purify.es.mjs'),
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/** The Host header without its port: "localhost:3000" -> "localhost", "[::1]:3000" -> "[::1]". */
function hostName(host: string | undefined): string {
  if (!host) return '';
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(host.trim().toLowerCase());
  return match?.[1] ?? '';
}

export const loopbackOnly: RequestHandler = (req, res, next) => {
  if (isLoopbackAddress(req.socket.remoteAddress) && LOOPBACK_HOSTS.has(hostName(req.headers.host))) {
    next();
    return;
  }
  res.status(403).json({ error: 'the demo API answers loopback callers only' });
};

export function createDemoRouter(deps: DemoRouteDeps): Router {
  const router = Router();
  const page =
    (file: string): RequestHandler =>
    (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.sendFile(join(PUBLIC_DIR, file));
    };
  // Everything the page renders comes from the service or this folder; inline scripts are not needed. The page
  // also reads the demo EHR's FHIR server itself when it fills prefetch, as an EHR does.
  const fhirOrigin = new URL(deps.fhirServer).origin;
  router.use('/demo', (_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'self'; connect-src 'self' ${fhirOrigin}; img-src 'self' data:; style-src 'self'; ` +
        "script-src 'self'; frame-ancestors 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  router.get('/demo', page('index.html'));
  router.get('/demo/policy', page('policy.html'));
  router.use('/demo/assets', express.static(PUBLIC_DIR, { index: false, maxAge: 0 }));
  // The Markdown renderer and HTML sanitizer the page renders card details with, as an EHR would: markdown-it and
  // DOMPurify, their ES module builds served from the installed packages (no bundler, no CDN).
  for (const [name, file] of Object.entries(VENDOR_MODULES)) {
    router.get(`/demo/vendor/${name}`, (_req, res) => {
      res.type('text/javascript');
      res.sendFile(file);
    });
  }

  let policyView: PolicyView | undefined;
  const api = Router();
  api.use(loopbackOnly);
  api.get('/session', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      baseUrl: deps.baseUrl,
      fhirServer: deps.fhirServer,
      fhirAccessToken: deps.fhirAccessToken,
      userId: deps.userId,
      patients: DEMO_PATIENTS,
      catalogue: orderCatalogue(),
    });
  });
  api.post('/jwt', express.json({ limit: '4kb' }), async (req, res) => {
    const aud = (req.body as { aud?: unknown } | undefined)?.aud;
    // Only audiences of this service: the demo key must not sign tokens meant for anything else.
    if (typeof aud !== 'string' || !aud.startsWith(`${deps.baseUrl}/cds-services/`)) {
      res.status(400).json({ error: `aud must be a URL under ${deps.baseUrl}/cds-services/` });
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: await deps.signer.sign(aud) });
  });
  api.get('/policy', async (_req, res) => {
    policyView ??= buildPolicyView(deps.policyDir, deps.cardsDir);
    const feedback = await feedbackView(deps.feedbackStore, (uuid) => deps.ledger.kindOf(uuid), policyView);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...policyView, feedback });
  });
  router.use('/demo/api', api);
  return router;
}
