/**
 * GET /metrics in the Prometheus text format. Open like /healthz: it holds counts and latencies only, no clinical
 * data, and is meant to be scraped from inside the cluster (docs/deployment.md says to keep it off the public ingress).
 */
import { type RequestHandler, Router } from 'express';
import type { ServiceMetrics } from './metrics.js';

export function metricsRouter(metrics: ServiceMetrics): Router {
  const router = Router();
  const handler: RequestHandler = async (_req, res) => {
    const { contentType, body } = await metrics.exposition();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  };
  router.get('/metrics', handler);
  return router;
}
