/**
 * Redis tests run against a real redis-server when REDIS_URL is set (.ci/run starts one); otherwise they are
 * skipped. Each test file works under its own key prefix and deletes its keys afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;

export const describeWithRedis = REDIS_URL ? describe : describe.skip;

export function testPrefix(): string {
  return `spect-cds-test:${randomUUID()}:`;
}

export function openRedis(): Redis {
  return new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

/** Two connections standing for two replicas of the service, under one fresh key prefix per test. */
export interface TwoReplicas {
  replicaA: Redis;
  replicaB: Redis;
  prefix: string;
}

/**
 * Opens two replica connections before each test, and after it deletes the test's keys and closes both. Read the
 * returned object's fields inside tests (they change per test).
 */
export function useTwoReplicas(): TwoReplicas {
  const replicas = {} as TwoReplicas;
  beforeEach(() => {
    replicas.replicaA = openRedis();
    replicas.replicaB = openRedis();
    replicas.prefix = testPrefix();
  });
  afterEach(async () => {
    await deleteKeys(replicas.replicaA, replicas.prefix);
    await Promise.all([replicas.replicaA.quit(), replicas.replicaB.quit()]);
  });
  return replicas;
}
