import nock from 'nock';
import { readPayorOrganization } from '../../src/data/payor-organization.js';

const BASE = 'https://ehr.test.example/fhir/r4';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const read = (reference: string, extra: Partial<Parameters<typeof readPayorOrganization>[0]> = {}) =>
  readPayorOrganization({
    reference,
    fhirServer: BASE,
    accessToken: 'token',
    allowedFhirServers: [BASE],
    budgetMs: 1000,
    ...extra,
  });

describe('readPayorOrganization', () => {
  it('reads a relative or absolute reference on the fhirServer with the token, and gives its identifiers', async () => {
    const scope = nock('https://ehr.test.example', { reqheaders: { authorization: 'Bearer token' } })
      .get('/fhir/r4/Organization/p1')
      .twice()
      .reply(200, {
        resourceType: 'Organization',
        id: 'p1',
        identifier: [{ system: 'urn:x', value: ' 7 ' }],
      });
    for (const reference of ['Organization/p1', `${BASE}/Organization/p1`]) {
      expect(await read(reference)).toEqual({ read: true, identifiers: [{ system: 'urn:x', value: '7' }] });
    }
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['another server', 'https://other.test.example/fhir/r4/Organization/p1'],
    ['a climb out of the base', 'Organization/..'],
    ['a search', 'Organization?identifier=x'],
    ['another type', 'Patient/p1'],
  ])('never contacts anything for %s', async (_label, reference) => {
    const reading = await read(reference);
    expect(reading).toMatchObject({ read: false, technical: false });
  });

  it('no token, or a fhirServer not allowed: not read, not technical', async () => {
    expect(await read('Organization/p1', { accessToken: undefined })).toMatchObject({
      read: false,
      technical: false,
    });
    expect(await read('Organization/p1', { allowedFhirServers: [] })).toMatchObject({
      read: false,
      technical: false,
    });
  });

  it('a server error or a non-Organization answer is a technical failure', async () => {
    nock('https://ehr.test.example').get('/fhir/r4/Organization/p1').reply(500, {});
    expect(await read('Organization/p1')).toMatchObject({ read: false, technical: true });
    nock('https://ehr.test.example').get('/fhir/r4/Organization/p1').reply(200, { resourceType: 'Patient' });
    expect(await read('Organization/p1')).toMatchObject({ read: false, technical: true });
  });
});
