import type { FactCacheKey } from '../../../src/data/fact-cache.js';
import { RedisFactCache } from '../../../src/ops/redis/fact-cache.js';
import { describeWithRedis, useTwoReplicas } from './redis-test-support.js';

const key: FactCacheKey = {
  clientId: 'https://ehr.example.org',
  fhirServer: 'https://ehr.example.org/fhir',
  patientId: 'patient-4711',
  topic: 'conditions',
  tokenDigest: 'digest-of-the-token',
};
const answer = { resources: [{ resourceType: 'Condition', id: 'c1' }], skipped: 0, pages: 1 };

describeWithRedis('RedisFactCache against a real Redis', () => {
  const replicas = useTwoReplicas();

  test('what one replica stored, another reads; keys never show the patient id', async () => {
    await new RedisFactCache(replicas.replicaA, { ttlMs: 60_000, prefix: replicas.prefix }).set(key, answer);
    const b = new RedisFactCache(replicas.replicaB, { ttlMs: 60_000, prefix: replicas.prefix });
    expect(await b.get(key)).toEqual(answer);
    expect(await b.get({ ...key, clientId: 'another-ehr' })).toBeUndefined();
    expect(await b.get({ ...key, topic: 'procedures' })).toBeUndefined();
    const keys = await replicas.replicaA.keys(`${replicas.prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('4711');
  });

  test('entries expire after the ttl', async () => {
    const cache = new RedisFactCache(replicas.replicaA, { ttlMs: 50, prefix: replicas.prefix });
    await cache.set(key, answer);
    expect(await cache.get(key)).toEqual(answer);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await cache.get(key)).toBeUndefined();
  });

  test('oversized answers are not stored; foreign values are misses', async () => {
    const cache = new RedisFactCache(replicas.replicaA, {
      ttlMs: 60_000,
      prefix: replicas.prefix,
      maxValueBytes: 100,
    });
    await cache.set(key, { ...answer, resources: [{ resourceType: 'Condition', note: 'x'.repeat(200) }] });
    expect(await replicas.replicaA.keys(`${replicas.prefix}*`)).toHaveLength(0);
    await cache.set(key, answer);
    const [stored] = await replicas.replicaA.keys(`${replicas.prefix}*`);
    await replicas.replicaA.set(stored!, '{"not":"an answer"}');
    expect(await cache.get(key)).toBeUndefined();
    await replicas.replicaA.set(stored!, 'not json');
    expect(await cache.get(key)).toBeUndefined();
  });
});
