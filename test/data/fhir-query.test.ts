import nock from 'nock';
import { createFhirClient } from '../../src/data/fhir-client.js';
import { emptyResult, type QueryContext, queryRead, querySearch } from '../../src/data/fhir-query.js';
import { condition, patient, searchset } from './fhir-fixtures.js';

const ORIGIN = 'https://ehr.example';
const BASE = `${ORIGIN}/fhir`;
const TOKEN = 'tok-secret-123';

function context(maxPages = 5): QueryContext {
  return {
    client: createFhirClient({ baseUrl: BASE, bearerToken: TOKEN }),
    base: BASE,
    signal: new AbortController().signal,
    maxPages,
    budgetExpired: () => false,
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

describe('querySearch', () => {
  test('sends the bearer token and follows next links under the base', async () => {
    nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/fhir/Condition')
      .query({ patient: 'p1' })
      .reply(200, searchset([condition('c1')], `${BASE}/Condition?patient=p1&page=2`))
      .get('/fhir/Condition')
      .query({ patient: 'p1', page: '2' })
      .reply(200, searchset([condition('c2')]));
    const result = await querySearch(context(), 'conditions', 'Condition?patient=p1', 'Condition');
    expect(result.gap).toBeUndefined();
    expect(result.pages).toBe(2);
    expect(result.resources.map((r) => (r as { id: string }).id)).toEqual(['c1', 'c2']);
    expect(nock.isDone()).toBe(true);
  });

  test('stops at maxPages with a truncated gap, keeping what it read', async () => {
    const scope = nock(ORIGIN)
      .get('/fhir/Condition')
      .query(true)
      .times(3)
      .reply(200, searchset([condition('c')], `${BASE}/Condition?page=next`));
    const result = await querySearch(context(2), 'conditions', 'Condition?patient=p1', 'Condition');
    expect(result.pages).toBe(2);
    expect(result.resources).toHaveLength(2);
    expect(result.gap).toEqual({
      topic: 'conditions',
      reason: 'truncated',
      message: 'Condition query: more than 2 pages; later pages not read',
    });
    expect(scope.pendingMocks()).toHaveLength(1); // the third page was never requested
  });

  test('pages already read from prefetch count against the bound', async () => {
    nock(ORIGIN)
      .get('/fhir/Condition')
      .query(true)
      .reply(200, searchset([condition('c2')], `${BASE}/Condition?p=3`));
    const result = await querySearch(
      context(2),
      'conditions',
      `${BASE}/Condition?p=2`,
      'Condition',
      emptyResult(1),
    );
    expect(result.pages).toBe(2);
    expect(result.gap?.reason).toBe('truncated');
  });

  test('a next link to another host is not followed', async () => {
    nock(ORIGIN)
      .get('/fhir/Condition')
      .query(true)
      .reply(200, searchset([condition('c1')], 'https://attacker.example/fhir/Condition?page=2'));
    const attacker = nock('https://attacker.example').get(/.*/).reply(200, searchset([]));
    const result = await querySearch(context(), 'conditions', 'Condition?patient=p1', 'Condition');
    expect(result.resources).toHaveLength(1);
    expect(result.gap?.reason).toBe('truncated');
    expect(attacker.isDone()).toBe(false);
  });

  test.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [429, 'rate-limited'],
    [500, 'server-error'],
  ])('HTTP %i becomes a %s gap', async (status, reason) => {
    nock(ORIGIN)
      .get('/fhir/Procedure')
      .query(true)
      .reply(status, { resourceType: 'OperationOutcome', issue: [] });
    const result = await querySearch(context(), 'procedures', 'Procedure?patient=p1', 'Procedure');
    expect(result.gap).toEqual({
      topic: 'procedures',
      reason,
      message: `Procedure query: HTTP ${status} from the FHIR server`,
    });
  });

  test('garbage JSON, a non-Bundle and a wrong-type Bundle are invalid responses', async () => {
    nock(ORIGIN)
      .get('/fhir/Procedure')
      .query(true)
      .reply(200, '<html>login</html>')
      .get('/fhir/Procedure')
      .query(true)
      .reply(200, patient())
      .get('/fhir/Procedure')
      .query(true)
      .reply(200, searchset([condition('c1')]));
    for (let i = 0; i < 3; i++) {
      const result = await querySearch(context(), 'procedures', 'Procedure?patient=p1', 'Procedure');
      expect(result.gap?.reason).toBe('invalid-response');
      expect(result.resources).toEqual([]);
    }
  });
});

describe('queryRead', () => {
  test('reads the Patient', async () => {
    nock(ORIGIN).get('/fhir/Patient/p1').reply(200, patient('p1'));
    const result = await queryRead(context(), 'patient', 'Patient/p1', 'Patient');
    expect(result).toEqual({ resources: [patient('p1')], skipped: 0, pages: 1 });
  });

  test('something else than a Patient, or a 404, is a gap', async () => {
    nock(ORIGIN).get('/fhir/Patient/p1').reply(200, searchset([])).get('/fhir/Patient/p1').reply(404, {});
    expect((await queryRead(context(), 'patient', 'Patient/p1', 'Patient')).gap?.reason).toBe(
      'invalid-response',
    );
    expect((await queryRead(context(), 'patient', 'Patient/p1', 'Patient')).gap?.reason).toBe('not-found');
  });
});
