/**
 * Per-client rate limit: a token bucket per authenticated caller (JWT `iss`). It runs after authentication so the
 * bucket belongs to a verified client: an attacker cannot spend a real EHR's allowance by forging its `iss`, and
 * since only registered clients get buckets, memory stays bounded by the registry. Over the limit the answer is
 * 429 with Retry-After (whole seconds until a token is back), before the body is parsed or any FHIR query is made.
 */
import type { RequestHandler } from 'express';
import type { Caller } from './auth/caller.js';
import { HttpError } from './http-error.js';

export interface RateLimit {
  requestsPerSecond: number;
  burst: number;
}

export type Take = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Where the buckets live: this process's memory (RateLimiter below, right for one process) or a store every replica
 * shares (src/ops/redis/rate-limiter.ts), so that ten replicas allow a client the documented rate, not ten times it.
 */
export interface RateLimitStore {
  take(key: string, limit: RateLimit): Take | Promise<Take>;
}

/** Retry-After for a bucket holding `tokens` (< 1): whole seconds until one token is back, at least 1. */
export function retryAfterSeconds(tokens: number, limit: RateLimit): number {
  return Math.max(1, Math.ceil((1 - tokens) / limit.requestsPerSecond));
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    /** A guard only: keys are registered clients, far fewer than this. */
    private readonly maxKeys = 10_000,
  ) {}

  /** Spend one token of `key`'s bucket, refilled at `limit.requestsPerSecond` up to `limit.burst`. */
  take(key: string, limit: RateLimit): Take {
    const now = this.now();
    const bucket = this.bucket(key, limit, now);
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.requestsPerSecond,
    );
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(bucket.tokens, limit) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private bucket(key: string, limit: RateLimit, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = { tokens: limit.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

/** Express middleware for routes behind requireCaller: 429 + Retry-After once the caller's bucket is empty. */
export function rateLimitByClient(limiter: RateLimitStore, serviceWide: RateLimit): RequestHandler {
  return async (_req, res, next) => {
    const caller = res.locals.caller as Caller | undefined;
    if (!caller) {
      next();
      return;
    }
    const own = caller.kind === 'client' ? caller.client.rateLimit : undefined;
    const verdict = await limiter.take(caller.iss, own ?? serviceWide);
    if (verdict.allowed) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    const diagnostics = `rate limit exceeded for this client; retry after ${verdict.retryAfterSeconds} s`;
    throw new HttpError(
      429,
      { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled', diagnostics }] },
      'rate limited',
    );
  };
}
