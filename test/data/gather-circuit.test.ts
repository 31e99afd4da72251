/** The circuit breaker as the data layer uses it: per FHIR server, fed by each gather, honest "circuit open" gaps. */
import nock from 'nock';
import { CircuitBreakers } from '../../src/data/circuit-breaker.js';
import { type GatherRequest, gatherFacts } from '../../src/data/gather.js';
import { normalizeServiceRequest } from '../../src/data/normalize/service-request.js';
import { condition, coverage, patient, searchset, serviceRequest } from './fhir-fixtures.js';

const ORIGIN = 'https://ehr.example';
const BASE = `${ORIGIN}/fhir`;
const OTHER_ORIGIN = 'https://ehr-2.example';
const OTHER_BASE = `${OTHER_ORIGIN}/fhir`;

const draft = normalizeServiceRequest(serviceRequest('d1'), 'draft')!;

/** Everything prefetched except conditions: each gather makes exactly one FHIR search. */
function prefetchWithoutConditions(): Record<string, unknown> {
  return {
    patient: patient('p1'),
    coverage: searchset([coverage('cov1')]),
    procedures: searchset([]),
    imagingStudies: searchset([]),
    serviceRequests: searchset([]),
  };
}

function request(circuits: CircuitBreakers, overrides: Partial<GatherRequest> = {}): GatherRequest {
  return {
    patientId: 'p1',
    asOf: '2026-08-02T10:00:00Z',
    prefetch: prefetchWithoutConditions(),
    fhirServer: BASE,
    accessToken: 'tok',
    draftOrders: [draft],
    allowedFhirServers: [BASE, OTHER_BASE],
    budgetMs: 1000,
    maxPages: 5,
    circuits,
    ...overrides,
  };
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

describe('gatherFacts with a circuit breaker', () => {
  test('after N failed calls the server is no longer contacted, and the gap says "circuit open"', async () => {
    let now = 0;
    const circuits = new CircuitBreakers({ failureThreshold: 3, cooldownMs: 30_000, now: () => now });
    const ehr = nock(ORIGIN).get('/fhir/Condition').query(true).times(3).reply(503, {});
    for (let i = 0; i < 3; i++) {
      const facts = await gatherFacts(request(circuits));
      expect(facts.gaps.map((g) => g.reason)).toEqual(['server-error']);
    }
    expect(ehr.isDone()).toBe(true);

    // Open: no request at all (nock has no interceptor left, so any request would be an unreachable gap instead).
    const facts = await gatherFacts(request(circuits));
    expect(facts.gaps).toEqual([
      {
        topic: 'conditions',
        reason: 'circuit-open',
        message:
          'Condition query: not sent, circuit open: the FHIR server failed 3 call(s) in a row (next try in about 30 s)',
      },
    ]);
    // What prefetch gave is still used.
    expect(facts.coverage?.reference).toBe('Coverage/cov1');

    // Another server of the same client is unaffected.
    nock(OTHER_ORIGIN)
      .get('/fhir/Condition')
      .query(true)
      .reply(200, searchset([condition('c1')]));
    const other = await gatherFacts(request(circuits, { fhirServer: OTHER_BASE }));
    expect(other.gaps).toEqual([]);
    expect(other.conditions).toHaveLength(1);

    // After the cool-down one trial goes through; it succeeds and closes the circuit.
    now += 30_000;
    nock(ORIGIN)
      .get('/fhir/Condition')
      .query(true)
      .reply(200, searchset([condition('c1')]));
    const recovered = await gatherFacts(request(circuits));
    expect(recovered.gaps).toEqual([]);
    expect(circuits.state(BASE)).toBe('closed');
  });

  test('401, 403 and 404 mean the server is up: they never open the circuit', async () => {
    const circuits = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 30_000 });
    for (const status of [401, 403, 404]) {
      nock(ORIGIN).get('/fhir/Condition').query(true).reply(status, {});
      await gatherFacts(request(circuits));
    }
    expect(circuits.state(BASE)).toBe('closed');
  });

  test('a hanging server counts as a failure (timeout)', async () => {
    const circuits = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 30_000 });
    nock(ORIGIN).get('/fhir/Condition').query(true).delay(2_000).reply(200, searchset([]));
    const facts = await gatherFacts(request(circuits, { budgetMs: 100 }));
    expect(facts.gaps.map((g) => g.reason)).toEqual(['timeout']);
    expect(circuits.state(BASE)).toBe('open');
  });

  test('a call cancelled by our own caller says nothing about the server', async () => {
    const circuits = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 30_000 });
    nock(ORIGIN).get('/fhir/Condition').query(true).delay(2_000).reply(200, searchset([]));
    const hangUp = new AbortController();
    setTimeout(() => hangUp.abort(), 50);
    await gatherFacts(request(circuits, { signal: hangUp.signal }));
    expect(circuits.state(BASE)).toBe('closed');
  });

  test('a full prefetch needs no admission and leaves the circuit alone', async () => {
    const circuits = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 30_000 });
    nock(ORIGIN).get('/fhir/Condition').query(true).reply(500, {});
    await gatherFacts(request(circuits));
    expect(circuits.state(BASE)).toBe('open');
    const full = { ...prefetchWithoutConditions(), conditions: searchset([condition('c1')]) };
    const facts = await gatherFacts(request(circuits, { prefetch: full }));
    expect(facts.gaps).toEqual([]);
  });
});
