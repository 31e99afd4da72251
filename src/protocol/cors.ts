/**
 * CORS for browser-based CDS clients (the CDS Hooks sandbox, SMART-on-FHIR EHR front ends). No cookies or
 * credentials are involved (auth is a bearer JWT), so a wildcard origin is safe when configured; otherwise the
 * request's Origin is echoed only when listed.
 */
import type { RequestHandler } from 'express';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Request-Id';
const MAX_AGE_SECONDS = '600';

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const anyOrigin = allowedOrigins.includes('*');
  return (req, res, next) => {
    const origin = req.get('origin');
    const allowed = origin !== undefined && (anyOrigin || allowedOrigins.includes(origin));
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', anyOrigin ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id');
      if (!anyOrigin) res.vary('Origin');
    }
    if (req.method === 'OPTIONS') {
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
        res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
        res.setHeader('Access-Control-Max-Age', MAX_AGE_SECONDS);
      }
      res.setHeader('Allow', ALLOW_METHODS);
      res.status(204).end();
      return;
    }
    next();
  };
}
