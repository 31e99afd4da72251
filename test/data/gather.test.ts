import nock from 'nock';
import type { DataGap } from '../../src/data/facts.js';
import {
  type GatherRequest,
  gatherFacts,
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

const ORIGIN = 'https://ehr.example';
const BASE = `${ORIGIN}/fhir`;
const TOKEN = 'tok-SECRET-7f3a9c';

const draft = normalizeServiceRequest(serviceRequest('d1'), 'draft')!;

function fullPrefetch(): Record<string, unknown> {
  return {
    patient: patient('p1'),
    coverage: searchset([coverage('cov1')]),
    conditions: searchset([condition('c1')]),
    procedures: searchset([procedure('pr1')]),
    imagingStudies: searchset([imagingStudy('is1')]),
    // The draft itself may already be stored in the EHR: it must not count as an existing order.
    serviceRequests: searchset([serviceRequest('d1'), serviceRequest('mri1', { status: 'active' })]),
  };
}

function request(overrides: Partial<GatherRequest> = {}): GatherRequest {
  return {
    patientId: 'p1',
    asOf: '2026-08-02T10:00:00Z',
    prefetch: fullPrefetch(),
    fhirServer: BASE,
    accessToken: TOKEN,
    draftOrders: [draft],
    allowedFhirServers: [`${BASE}/`],
    budgetMs: 2000,
    maxPages: 5,
    ...overrides,
  };
}

function without(...keys: string[]): Record<string, unknown> {
  const prefetch = fullPrefetch();
  for (const key of keys) delete prefetch[key];
  return prefetch;
}

/** Fails the test if any request reaches the host. */
function forbidAllRequests(origin = ORIGIN): nock.Scope {
  return nock(origin).get(/.*/).reply(500, {});
}

function authorizedEhr(): nock.Scope {
  return nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

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

describe('gatherFacts with a full prefetch', () => {
  test('uses the prefetch and makes no HTTP request at all', async () => {
    const ehr = forbidAllRequests();
    const facts = await gatherFacts(request());
    expect(ehr.isDone()).toBe(false);
    expect(facts.gaps).toEqual([]);
    expect(facts.conditions.map((c) => [c.reference, c.source])).toEqual([['Condition/c1', 'prefetch']]);
    expect(facts.procedures.map((p) => p.reference)).toEqual(['Procedure/pr1']);
    expect(facts.imagingStudies.map((i) => i.reference)).toEqual(['ImagingStudy/is1']);
    expect(facts.existingOrders.map((o) => o.reference)).toEqual(['ServiceRequest/mri1']);
    expect(facts.draftOrders).toEqual([draft]);
    expect(facts.coverage?.reference).toBe('Coverage/cov1');
  });

  test('needs no fhirServer, token or allowlist', async () => {
    const facts = await gatherFacts(
      request({ fhirServer: undefined, accessToken: undefined, allowedFhirServers: [] }),
    );
    expect(facts.gaps).toEqual([]);
  });

  test('draft conditions join the chart conditions', async () => {
    const facts = await gatherFacts(
      request({
        draftConditions: [
          {
            reference: 'Condition/dc1',
            codes: [{ code: 'M86.18' }],
            bodySites: [],
            fromOrderReason: true,
            source: 'draft',
          },
        ],
      }),
    );
    expect(facts.conditions.map((c) => c.reference)).toEqual(['Condition/c1', 'Condition/dc1']);
  });
});

describe('gatherFacts querying what the prefetch lacks', () => {
  test('queries only the missing keys, in parallel, with the bearer token', async () => {
    const delayMs = 300;
    const ehr = authorizedEhr()
      .get('/fhir/Procedure')
      .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
      .delay(delayMs)
      .reply(200, searchset([procedure('pr9')]))
      .get('/fhir/ImagingStudy')
      .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
      .delay(delayMs)
      .reply(200, searchset([imagingStudy('is9')]))
      .get('/fhir/Patient/p1')
      .delay(delayMs)
      .reply(200, patient('p1'));
    const started = Date.now();
    const { facts, stats } = await gatherFactsDetailed(
      request({ prefetch: without('procedures', 'imagingStudies', 'patient') }),
    );
    const elapsed = Date.now() - started;
    expect(ehr.isDone()).toBe(true);
    // Three 300 ms replies one after another would take 900 ms.
    expect(elapsed).toBeLessThan(2 * delayMs);
    expect(facts.gaps).toEqual([]);
    expect(facts.procedures.map((p) => [p.reference, p.source])).toEqual([['Procedure/pr9', 'fhir']]);
    expect(facts.imagingStudies.map((i) => [i.reference, i.source])).toEqual([['ImagingStudy/is9', 'fhir']]);
    expect(facts.conditions.map((c) => [c.reference, c.source])).toEqual([['Condition/c1', 'prefetch']]);
    expect(stats.procedures).toEqual({ origin: 'fhir', resources: 1, skipped: 0, pages: 1 });
    expect(stats.conditions.origin).toBe('prefetch');
  });

  test.each([
    ['null', null],
    ['an OperationOutcome', operationOutcome()],
    ['a Bundle of the wrong resource type', searchset([patient()])],
    ['garbage', 'not fhir'],
  ])('a key holding %s is queried', async (_label, value) => {
    const ehr = authorizedEhr()
      .get('/fhir/Condition')
      .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
      .reply(200, searchset([condition('c7')]));
    const facts = await gatherFacts(request({ prefetch: { ...fullPrefetch(), conditions: value } }));
    expect(ehr.isDone()).toBe(true);
    expect(facts.conditions.map((c) => c.reference)).toEqual(['Condition/c7']);
  });

  test('an empty searchset in prefetch is data ("none"), not a reason to query', async () => {
    const ehr = forbidAllRequests();
    const facts = await gatherFacts(request({ prefetch: { ...fullPrefetch(), procedures: searchset([]) } }));
    expect(ehr.isDone()).toBe(false);
    expect(facts.procedures).toEqual([]);
    expect(facts.gaps).toEqual([]);
  });

  test('follows next links up to maxPages, then records a truncated gap', async () => {
    const page = (n: number) => searchset([condition(`c${n}`)], `${BASE}/Condition?patient=p1&page=${n + 1}`);
    const ehr = authorizedEhr()
      .get('/fhir/Condition')
      .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
      .reply(200, page(1))
      .get('/fhir/Condition')
      .query({ patient: 'p1', page: '2' })
      .reply(200, page(2))
      .get('/fhir/Condition')
      .query({ patient: 'p1', page: '3' })
      .reply(200, page(3));
    const facts = await gatherFacts(request({ prefetch: without('conditions'), maxPages: 2 }));
    expect(facts.conditions.map((c) => c.reference)).toEqual(['Condition/c1', 'Condition/c2']);
    expect(facts.gaps).toEqual([
      {
        topic: 'conditions',
        reason: 'truncated',
        message: 'Condition query: more than 2 pages; later pages not read',
      },
    ]);
    expect(ehr.pendingMocks()).toHaveLength(1); // page 3 never requested
  });

  test('a next link to another host is never followed', async () => {
    authorizedEhr()
      .get('/fhir/Condition')
      .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) })
      .reply(200, searchset([condition('c1')], 'https://collector.example/fhir/Condition?page=2'));
    const collector = forbidAllRequests('https://collector.example');
    const facts = await gatherFacts(request({ prefetch: without('conditions') }));
    expect(collector.isDone()).toBe(false);
    expect(facts.conditions.map((c) => c.reference)).toEqual(['Condition/c1']);
    expect(facts.gaps.map((g) => [g.topic, g.reason])).toEqual([['conditions', 'truncated']]);
  });

  test('a paginated prefetch is continued from its next link, sharing the page bound', async () => {
    const ehr = authorizedEhr()
      .get('/fhir/ImagingStudy')
      .query({ page: '2' })
      .reply(200, searchset([imagingStudy('is2')]));
    const { facts, stats } = await gatherFactsDetailed(
      request({
        prefetch: {
          ...fullPrefetch(),
          imagingStudies: searchset([imagingStudy('is1')], `${BASE}/ImagingStudy?page=2`),
        },
      }),
    );
    expect(ehr.isDone()).toBe(true);
    expect(facts.imagingStudies.map((i) => [i.reference, i.source])).toEqual([
      ['ImagingStudy/is1', 'prefetch'],
      ['ImagingStudy/is2', 'fhir'],
    ]);
    expect(stats.imagingStudies).toEqual({ origin: 'prefetch+fhir', resources: 2, skipped: 0, pages: 2 });
  });

  test('a paginated prefetch without a way to query keeps page 1 and records a truncated gap', async () => {
    const facts = await gatherFacts(
      request({
        accessToken: undefined,
        prefetch: {
          ...fullPrefetch(),
          imagingStudies: searchset([imagingStudy('is1')], `${BASE}/ImagingStudy?page=2`),
        },
      }),
    );
    expect(facts.imagingStudies).toHaveLength(1);
    expect(facts.gaps.map((g) => [g.topic, g.reason])).toEqual([['imagingStudies', 'truncated']]);
  });
});

describe('gatherFacts when the FHIR server fails', () => {
  const budgetMs = 400;

  test.each([
    ['401', (s: nock.Interceptor) => s.reply(401, {}), 'unauthorized'],
    ['403', (s: nock.Interceptor) => s.reply(403, operationOutcome()), 'forbidden'],
    ['404', (s: nock.Interceptor) => s.reply(404, operationOutcome()), 'not-found'],
    ['429', (s: nock.Interceptor) => s.reply(429, {}), 'rate-limited'],
    ['500', (s: nock.Interceptor) => s.reply(500, 'Internal error'), 'server-error'],
    ['garbage JSON', (s: nock.Interceptor) => s.reply(200, '{"resourceType": "Bun'), 'invalid-response'],
    ['a non-Bundle', (s: nock.Interceptor) => s.reply(200, patient()), 'invalid-response'],
    ['no answer in time', (s: nock.Interceptor) => s.delay(5000).reply(200, searchset([])), 'timeout'],
  ])('%s becomes a gap within the budget; the rest of the facts survive', async (_label, reply, reason) => {
    reply(
      authorizedEhr()
        .get('/fhir/Condition')
        .query({ patient: 'p1', _count: String(SEARCH_PAGE_SIZE) }),
    );
    const started = Date.now();
    const facts = await gatherFacts(request({ prefetch: without('conditions'), budgetMs }));
    expect(Date.now() - started).toBeLessThan(budgetMs + 250);
    expect(facts.gaps).toHaveLength(1);
    expect(facts.gaps[0]).toMatchObject({ topic: 'conditions', reason });
    expect(facts.conditions).toEqual([]);
    expect(facts.procedures).toHaveLength(1);
  });

  test('a hanging server on one key does not lose the keys that answered', async () => {
    authorizedEhr()
      .get('/fhir/Condition')
      .query(true)
      .delay(5000)
      .reply(200, searchset([]))
      .get('/fhir/Procedure')
      .query(true)
      .reply(200, searchset([procedure('pr5')]));
    const facts = await gatherFacts(
      request({ prefetch: without('conditions', 'procedures'), budgetMs: 300 }),
    );
    expect(facts.procedures.map((p) => p.reference)).toEqual(['Procedure/pr5']);
    expect(facts.gaps.map((g) => [g.topic, g.reason])).toEqual([['conditions', 'timeout']]);
  });
});

describe('gatherFacts when it cannot query (SSRF guard and 412)', () => {
  test('a fhirServer not on the allowlist is never contacted, and missing required keys mean 412', async () => {
    const evil = forbidAllRequests('https://internal.example');
    const attempt = gatherFacts(
      request({ fhirServer: 'https://internal.example/fhir', prefetch: without('conditions') }),
    );
    await expect(attempt).rejects.toBeInstanceOf(PrefetchUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      missing: ['conditions'],
      blocker: 'fhir-server-not-allowed',
    });
    expect(evil.isDone()).toBe(false);
  });

  test('a look-alike of an allowed server is not allowed', async () => {
    const evil = forbidAllRequests('https://ehr.example.evil.com');
    await expect(
      gatherFacts(
        request({ fhirServer: 'https://ehr.example.evil.com/fhir', prefetch: without('procedures') }),
      ),
    ).rejects.toBeInstanceOf(PrefetchUnavailableError);
    expect(evil.isDone()).toBe(false);
  });

  test('412 lists only the required keys that are missing', async () => {
    await expect(
      gatherFacts(
        request({ fhirServer: undefined, prefetch: without('patient', 'imagingStudies', 'serviceRequests') }),
      ),
    ).rejects.toMatchObject({ missing: ['imagingStudies', 'serviceRequests'], blocker: 'no-fhir-server' });
  });

  test('no token means no query: 412', async () => {
    const ehr = forbidAllRequests();
    await expect(gatherFacts(request({ accessToken: undefined, prefetch: undefined }))).rejects.toMatchObject(
      {
        missing: ['conditions', 'procedures', 'imagingStudies', 'serviceRequests'],
        blocker: 'no-access-token',
      },
    );
    expect(ehr.isDone()).toBe(false);
  });

  test('patient and coverage missing alone are gaps, not a 412', async () => {
    const evil = forbidAllRequests('https://internal.example');
    const facts = await gatherFacts(
      request({ fhirServer: 'https://internal.example/fhir', prefetch: without('patient', 'coverage') }),
    );
    expect(evil.isDone()).toBe(false);
    expect(facts.coverage).toBeUndefined();
    expect(facts.gaps.map((g) => [g.topic, g.reason])).toEqual([
      ['patient', 'not-allowed'],
      ['coverage', 'not-allowed'],
    ]);
  });
});

describe('the access token never leaks', () => {
  test('not in gap messages, facts, or the 412 error', async () => {
    authorizedEhr()
      .get('/fhir/Condition')
      .query(true)
      .reply(401, { error: `invalid token ${TOKEN}` })
      .get('/fhir/Procedure')
      .query(true)
      .reply(200, `garbage ${TOKEN}`)
      .get('/fhir/ImagingStudy')
      .query(true)
      .reply(503, `upstream connect failed: Bearer ${TOKEN}`)
      .get('/fhir/ServiceRequest')
      .query(true)
      .delay(3000)
      .reply(200, searchset([]));
    const facts = await gatherFacts(
      request({
        prefetch: without('conditions', 'procedures', 'imagingStudies', 'serviceRequests'),
        budgetMs: 300,
      }),
    );
    expect(facts.gaps).toHaveLength(4);
    const gaps: DataGap[] = facts.gaps;
    expect(JSON.stringify(facts)).not.toContain(TOKEN);
    for (const gap of gaps) {
      expect(gap.message).not.toContain(TOKEN);
      expect(gap.message).not.toContain('p1'); // nor the patient id carried by the URL
    }

    const error = await gatherFacts(
      request({ fhirServer: 'https://other.example/fhir', prefetch: undefined }),
    ).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(PrefetchUnavailableError);
    expect(`${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`).not.toContain(
      TOKEN,
    );
  });
});
