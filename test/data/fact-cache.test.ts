import nock from 'nock';
import {
  type CachedTopic,
  type FactCache,
  type FactCacheKey,
  factCacheKey,
  MemoryFactCache,
} from '../../src/data/fact-cache.js';
import {
  type GatherRequest,
  gatherFactsDetailed,
  PrefetchUnavailableError,
  SEARCH_PAGE_SIZE,
} from '../../src/data/gather.js';
import { normalizeServiceRequest } from '../../src/data/normalize/service-request.js';
import {
  condition,
  coverage,
  imagingStudy,
  operationOutcome,
  patient,
  procedure,
  searchset,
  serviceRequest,
} from './fhir-fixtures.js';

const key = (overrides: Partial<FactCacheKey> = {}): FactCacheKey => ({
  clientId: 'https://ehr-a.example',
  fhirServer: 'https://ehr.example/fhir/',
  patientId: 'p1',
  topic: 'conditions',
  tokenDigest: 'digest-1',
  ...overrides,
});

const topic = (n: number): CachedTopic => ({
  resources: Array.from({ length: n }, (_, i) => ({ resourceType: 'Condition', id: `c${i}` })),
  skipped: 0,
  pages: 1,
});

describe('MemoryFactCache', () => {
  test('returns what was stored for the same key until the TTL ends', async () => {
    let now = 1_000;
    const cache = new MemoryFactCache({ ttlMs: 60_000, maxResources: 100, now: () => now });
    await cache.set(key(), topic(2));
    now += 59_999;
    expect((await cache.get(key()))?.resources).toHaveLength(2);
    now += 1;
    expect(await cache.get(key())).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('each part of the key separates entries: client, FHIR server, patient, topic', async () => {
    const cache = new MemoryFactCache({ ttlMs: 60_000, maxResources: 100 });
    await cache.set(key(), topic(1));
    expect(await cache.get(key({ clientId: 'https://ehr-b.example' }))).toBeUndefined();
    expect(await cache.get(key({ fhirServer: 'https://other.example/fhir/' }))).toBeUndefined();
    expect(await cache.get(key({ patientId: 'p2' }))).toBeUndefined();
    expect(await cache.get(key({ topic: 'procedures' }))).toBeUndefined();
    expect(await cache.get(key())).toBeDefined();
  });

  test('key parts cannot run into each other, whatever characters they hold', () => {
    expect(factCacheKey(key({ clientId: 'a', patientId: 'b|c' }))).not.toBe(
      factCacheKey(key({ clientId: 'a|b', patientId: 'c' })),
    );
  });

  test('a caller appending to what it got does not change the cached copy', async () => {
    const cache = new MemoryFactCache({ ttlMs: 60_000, maxResources: 100 });
    const stored = topic(1);
    await cache.set(key(), stored);
    stored.resources.push({ resourceType: 'Condition', id: 'late' });
    (await cache.get(key()))!.resources.push({ resourceType: 'Condition', id: 'mine' });
    expect((await cache.get(key()))!.resources).toHaveLength(1);
  });

  test('holds at most maxResources, dropping the least recently used entries first', async () => {
    const cache = new MemoryFactCache({ ttlMs: 60_000, maxResources: 30 });
    await cache.set(key({ patientId: 'p1' }), topic(9));
    await cache.set(key({ patientId: 'p2' }), topic(9));
    await cache.set(key({ patientId: 'p3' }), topic(9));
    await cache.get(key({ patientId: 'p1' })); // p2 is now the oldest in use
    await cache.set(key({ patientId: 'p4' }), topic(9));
    expect(await cache.get(key({ patientId: 'p2' }))).toBeUndefined();
    for (const id of ['p1', 'p3', 'p4']) expect(await cache.get(key({ patientId: id }))).toBeDefined();
    expect(cache.size).toBe(3);
  });

  test('an answer larger than the whole bound is not stored', async () => {
    const cache = new MemoryFactCache({ ttlMs: 60_000, maxResources: 10 });
    await cache.set(key(), topic(10));
    expect(cache.size).toBe(0);
  });

  test('a TTL of 0 stores nothing', async () => {
    const cache = new MemoryFactCache({ ttlMs: 0, maxResources: 100 });
    await cache.set(key(), topic(1));
    expect(await cache.get(key())).toBeUndefined();
  });
});

const ORIGIN = 'https://ehr.example';
const BASE = `${ORIGIN}/fhir`;
const TOKEN = 'tok-SECRET-cache-91b2';
const draft = normalizeServiceRequest(serviceRequest('d1'), 'draft')!;

function request(overrides: Partial<GatherRequest> = {}): GatherRequest {
  return {
    patientId: 'p1',
    asOf: '2026-08-02T10:00:00Z',
    fhirServer: BASE,
    accessToken: TOKEN,
    draftOrders: [draft],
    allowedFhirServers: [`${BASE}/`],
    budgetMs: 2000,
    maxPages: 5,
    clientId: 'https://ehr-a.example',
    factCacheSecret: 'test-secret-of-the-keyed-hash',
    ...overrides,
  };
}

/** The whole chart of p1, each search answerable `times` times. */
function ehrWithChart(times = 1): nock.Scope {
  return nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
    .get('/fhir/Patient/p1')
    .times(times)
    .reply(200, patient('p1'))
    .get('/fhir/Coverage')
    .query({ patient: 'p1', status: 'active', _count: String(SEARCH_PAGE_SIZE) })
    .times(times)
    .reply(200, searchset([coverage('cov1')]))
    .get('/fhir/Condition')
    .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
    .times(times)
    .reply(200, searchset([condition('c1')]))
    .get('/fhir/Procedure')
    .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
    .times(times)
    .reply(200, searchset([procedure('pr1')]))
    .get('/fhir/ImagingStudy')
    .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
    .times(times)
    .reply(200, searchset([imagingStudy('is1')]))
    .get('/fhir/ServiceRequest')
    .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
    .times(times)
    .reply(200, searchset([serviceRequest('mri1', { status: 'active' })]));
}

/** A cache that records what it is asked, to show what gatherFacts stores (and never stores). */
class SpyCache implements FactCache {
  readonly inner = new MemoryFactCache({ ttlMs: 60_000, maxResources: 1000 });
  readonly stored: Array<{ key: FactCacheKey; value: CachedTopic }> = [];
  async get(key: FactCacheKey) {
    return this.inner.get(key);
  }
  async set(key: FactCacheKey, value: CachedTopic) {
    this.stored.push({ key, value });
    return this.inner.set(key, value);
  }
}

/** set() is not awaited by gatherFacts; let its microtasks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('gatherFacts with a fact cache', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
    // nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
    nock.restore();
  });

  test('a second call for the same client and patient makes no FHIR query and gets the same facts', async () => {
    const cache = new SpyCache();
    const ehr = ehrWithChart(1);
    const first = await gatherFactsDetailed(request({ factCache: cache }));
    expect(ehr.isDone()).toBe(true);
    await settle();
    expect(cache.stored).toHaveLength(6);

    // Nothing is mocked any more: any query would fail and show up as a gap.
    const second = await gatherFactsDetailed(request({ factCache: cache }));
    expect(second.facts).toEqual(first.facts);
    expect(second.facts.gaps).toEqual([]);
    expect(second.stats.conditions).toMatchObject({ origin: 'fhir', cached: true, resources: 1 });
    expect(first.stats.conditions.cached).toBeUndefined();
  });

  test('the token is in neither key nor value', async () => {
    const cache = new SpyCache();
    ehrWithChart(1);
    await gatherFactsDetailed(request({ factCache: cache }));
    await settle();
    expect(JSON.stringify(cache.stored)).not.toContain(TOKEN);
  });

  test('another client asking for the same patient on the same server queries for itself', async () => {
    const cache = new SpyCache();
    const ehr = ehrWithChart(2);
    await gatherFactsDetailed(request({ factCache: cache }));
    await settle();
    await gatherFactsDetailed(request({ factCache: cache, clientId: 'https://ehr-b.example' }));
    expect(ehr.isDone()).toBe(true);
  });

  test('a call with another access token queries for itself; the key holds only a keyed hash of the token', async () => {
    const cache = new SpyCache();
    ehrWithChart(1);
    // Every query of the second call reaches the EHR, which refuses the other token.
    const other = nock(ORIGIN, { reqheaders: { authorization: 'Bearer another-token' } })
      .get(/^\/fhir\//)
      .times(6)
      .reply(401, operationOutcome());
    await gatherFactsDetailed(request({ factCache: cache }));
    await settle();
    const second = await gatherFactsDetailed(request({ factCache: cache, accessToken: 'another-token' }));
    expect(other.isDone()).toBe(true);
    expect(second.facts.conditions).toEqual([]);
    const digests = new Set(cache.stored.map((s) => s.key.tokenDigest));
    expect(digests.size).toBe(1);
    expect([...digests][0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('without the keyed hash secret nothing is read from or written to the cache', async () => {
    const cache = new SpyCache();
    const ehr = ehrWithChart(2);
    await gatherFactsDetailed(request({ factCache: cache, factCacheSecret: undefined }));
    await settle();
    await gatherFactsDetailed(request({ factCache: cache, factCacheSecret: undefined }));
    expect(ehr.isDone()).toBe(true);
    expect(cache.stored).toEqual([]);
  });

  test('without a clientId nothing is read from or written to the cache', async () => {
    const cache = new SpyCache();
    const ehr = ehrWithChart(2);
    await gatherFactsDetailed(request({ factCache: cache, clientId: undefined }));
    await settle();
    await gatherFactsDetailed(request({ factCache: cache, clientId: undefined }));
    expect(ehr.isDone()).toBe(true);
    expect(cache.stored).toEqual([]);
  });

  test('a cached answer is not served to a call that may not query the server (no token)', async () => {
    const cache = new SpyCache();
    ehrWithChart(1);
    await gatherFactsDetailed(request({ factCache: cache }));
    await settle();
    await expect(
      gatherFactsDetailed(request({ factCache: cache, accessToken: undefined })),
    ).rejects.toBeInstanceOf(PrefetchUnavailableError);
  });

  test('prefetch is used as sent and never stored; only the queried topics are', async () => {
    const cache = new SpyCache();
    nock(ORIGIN)
      .get('/fhir/Procedure')
      .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
      .reply(200, searchset([procedure('pr9')]));
    const facts = await gatherFactsDetailed(
      request({
        factCache: cache,
        prefetch: {
          patient: patient('p1'),
          coverage: searchset([coverage('cov1')]),
          conditions: searchset([condition('c1')]),
          imagingStudies: searchset([imagingStudy('is1')]),
          serviceRequests: searchset([]),
        },
      }),
    );
    await settle();
    expect(facts.facts.procedures.map((p) => p.reference)).toEqual(['Procedure/pr9']);
    expect(cache.stored.map((s) => s.key.topic)).toEqual(['procedures']);
  });

  test('an answer with a gap is not stored, so the next call asks again', async () => {
    const cache = new SpyCache();
    nock(ORIGIN)
      .get('/fhir/Condition')
      .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
      .reply(500, operationOutcome());
    const prefetch = {
      patient: patient('p1'),
      coverage: searchset([coverage('cov1')]),
      procedures: searchset([]),
      imagingStudies: searchset([]),
      serviceRequests: searchset([]),
    };
    const first = await gatherFactsDetailed(request({ factCache: cache, prefetch }));
    await settle();
    expect(first.facts.gaps.map((g) => g.topic)).toEqual(['conditions']);
    expect(cache.stored).toEqual([]);
  });

  test('a failing cache is a miss: the call still gets its facts from the server', async () => {
    const broken: FactCache = {
      get: () => Promise.reject(new Error('cache down')),
      set: () => Promise.reject(new Error('cache down')),
    };
    const ehr = ehrWithChart(1);
    const outcome = await gatherFactsDetailed(request({ factCache: broken }));
    await settle();
    expect(ehr.isDone()).toBe(true);
    expect(outcome.facts.gaps).toEqual([]);
    expect(outcome.facts.conditions.map((c) => c.reference)).toEqual(['Condition/c1']);
  });
});
