/**
 * One Redis connection for the service's shared state (JWT replay cache, fact cache). Commands issued while the
 * connection is (re)opening wait in the offline queue, but never longer than the command timeout, so a hook call
 * waits at most half a second on a Redis that is down; both caches then degrade on their own
 * (replay checks fall back to local memory, the fact cache misses). The URL may carry a password or use rediss://
 * (TLS); it is never logged.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function connectRedis(url: string, logger?: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 500,
    // Reconnect forever, backing off to 2 s: Redis coming back must heal the service without a restart.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger?.error({ err: { message: error.message } }, 'redis: connection error (reported once until ready)');
  });
  redis.on('ready', () => {
    reported = false;
    logger?.info('redis: ready');
  });
  return redis;
}
