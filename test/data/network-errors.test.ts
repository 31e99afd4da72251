/**
 * Connection failures over real loopback sockets (no nock: its mock sockets report a replied network error where
 * nobody listens): a search that loses its connection on page 2 keeps page 1, and a gather whose Condition query
 * is reset reports that topic as unreachable and keeps every other fact.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFhirClient } from '../../src/data/fhir-client.js';
import { emptyResult, querySearch } from '../../src/data/fhir-query.js';
import { gatherFacts } from '../../src/data/gather.js';
import { condition, coverage, patient, searchset } from './fhir-fixtures.js';

let server: Server;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

function answer(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
}

test('a connection reset on page 2 is unreachable, and page 1 is kept', async () => {
  handler = (req, res) => {
    if (req.url?.includes('page=2')) {
      req.socket.destroy();
      return;
    }
    answer(res, searchset([condition('c1')], `${base}/Condition?patient=p1&page=2`));
  };
  const result = await querySearch(
    {
      client: createFhirClient({ baseUrl: base, bearerToken: 'tok' }),
      base,
      signal: new AbortController().signal,
      maxPages: 5,
      budgetExpired: () => false,
    },
    'conditions',
    'Condition?patient=p1',
    'Condition',
    emptyResult(),
  );
  expect(result.resources.map((r) => (r as { id: string }).id)).toEqual(['c1']);
  expect(result.gap).toMatchObject({ topic: 'conditions', reason: 'unreachable' });
});

test('a gather whose Condition query is reset keeps every other fact', async () => {
  handler = (req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/fhir/Condition')) req.socket.destroy();
    else if (path.startsWith('/fhir/Patient/')) answer(res, patient('p1'));
    else if (path.startsWith('/fhir/Coverage')) answer(res, searchset([coverage('cov1')]));
    else answer(res, searchset([]));
  };
  const facts = await gatherFacts({
    patientId: 'p1',
    asOf: '2026-08-02T10:00:00Z',
    fhirServer: base,
    accessToken: 'tok',
    draftOrders: [],
    allowedFhirServers: [`${base}/`],
    budgetMs: 2000,
    maxPages: 5,
  });
  expect(facts.gaps.map((gap) => [gap.topic, gap.reason])).toEqual([['conditions', 'unreachable']]);
  expect(facts.coverage).toBeDefined();
  expect(facts.conditions).toEqual([]);
});
