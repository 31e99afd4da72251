/**
 * GET /metrics in the Prometheus text format. It holds counts and latencies only, no clinical data, and is meant to
 * be scraped from inside the cluster (docs/deployment.md says to keep it off the public ingress). It also names the
 * registered clients, so it can be closed further: with a token (CDS_METRICS_TOKEN) a scrape must send it as a
 * bearer token, and with `metricsPort` it is served on a port of its own instead of the service's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type RequestHandler, Router } from 'express';
import type { ServiceMetrics } from './metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, so neither the token's length nor its bytes show in the timing. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const token = /^Bearer[ ]+(\S+)$/i.exec(header ?? '')?.[1];
  return token !== undefined && timingSafeEqual(digest(token), expected);
}

export function metricsRouter(metrics: ServiceMetrics, options: { token?: string } = {}): Router {
  const router = Router();
  const expected = options.token === undefined ? undefined : digest(options.token);
  const handler: RequestHandler = async (req, res) => {
    if (expected && !bearerMatches(req.get('authorization'), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).type('text/plain').send('a bearer token is required for /metrics\n');
      return;
    }
    const { contentType, body } = await metrics.exposition();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  };
  router.get('/metrics', handler);
  return router;
}
