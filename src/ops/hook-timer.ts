/**
 * Times every hook call from the first byte in to the last byte out, as the EHR experiences it, including the
 * 401/400/412 answers. Runs before the CDS router; the router names the service in res.locals once it knows it,
 * so unknown service ids (unbounded, attacker-chosen) never become label values.
 */
import type { RequestHandler } from 'express';
import type { ServiceDefinition } from '../protocol/services.js';
import type { ServiceMetrics } from './metrics.js';

export function hookTimer(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path.endsWith('/feedback')) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const service = res.locals.service as ServiceDefinition | undefined;
      if (!service) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.hookDuration.observe({ hook: service.hook, status: String(res.statusCode) }, seconds);
    });
    next();
  };
}
