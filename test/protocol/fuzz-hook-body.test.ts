/**
 * Fuzzing the hook endpoint with fast-check: whatever JSON an authenticated EHR sends as a hook body, the answer
 * is never a 5xx. Three generators, from shallow to deep: any JSON text; a valid order-sign body with one part
 * replaced by any JSON value; and hook-shaped bodies whose context and prefetch are arbitrary. The second and third
 * reach the data, policy and cards layers (asserted: some cases answer 200). The EHR's FHIR server answers every
 * query with 503, so every query path fails fast and is exercised too.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import nock from 'nock';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  spectServiceRequest,
  TEST_FHIR_SERVER,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** Each case is a real HTTP call with JWT signing and checking; generous for a loaded 2-core CI machine. */
const TIMEOUT_MS = 120_000;

let server: Server;
let origin: string;
let client: TestClient;
const statuses = new Map<number, number>();
let cases = 0;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // The EHR's FHIR server answers every query 503, so query paths fail fast. (Not "no interceptor": for a request
  // the call's FHIR budget aborts before nock hands it a socket, nock's mock socket later emits its "disallowed net
  // connect" error with no listener, failing the suite under load. Node assigns real sockets within the tick the
  // request is made, before any budget timer can abort it, so the transport's socket guard covers real sockets.)
  nock(new URL(TEST_FHIR_SERVER).origin)
    .persist()
    .get(() => true)
    .reply(503, { resourceType: 'OperationOutcome' });
  client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
  const { app } = buildTestApp(
    testConfig([client], {
      fhirTimeoutMs: 500,
      factCacheSeconds: 0,
      rateLimit: { requestsPerSecond: 100_000, burst: 100_000 },
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  nock.cleanAll();
  nock.enableNetConnect();
  // nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
  nock.restore();
  const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
  console.log(`fuzzed hook bodies: ${cases} cases; statuses ${summary.join(', ')}`);
});

async function post(body: string, service = ORDER_SIGN_SERVICE): Promise<number> {
  const path = `/cds-services/${service}`;
  const token = await signHookJwt(client, `${TEST_BASE_URL}${path}`);
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  // Every answer is JSON, whatever was sent.
  expect(() => JSON.parse(text)).not.toThrow();
  cases++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return res.status;
}

/** Paths into a valid order-sign body where a fuzzed value is put. */
const PATHS: string[][] = [
  [],
  ['hook'],
  ['hookInstance'],
  ['fhirServer'],
  ['fhirAuthorization'],
  ['fhirAuthorization', 'access_token'],
  ['context'],
  ['context', 'patientId'],
  ['context', 'userId'],
  ['context', 'draftOrders'],
  ['context', 'draftOrders', 'entry'],
  ['context', 'draftOrders', 'entry', '0'],
  ['context', 'draftOrders', 'entry', '0', 'resource'],
  ['context', 'draftOrders', 'entry', '0', 'resource', 'code'],
  ['context', 'draftOrders', 'entry', '0', 'resource', 'bodySite'],
  ['context', 'draftOrders', 'entry', '0', 'resource', 'reasonCode'],
  ['context', 'draftOrders', 'entry', '0', 'resource', 'note'],
  ['context', 'draftOrders', 'entry', '0', 'resource', 'authoredOn'],
  ['prefetch'],
  ['prefetch', 'patient'],
  ['prefetch', 'coverage'],
  ['prefetch', 'conditions'],
  ['prefetch', 'conditions', 'entry'],
  ['prefetch', 'conditions', 'entry', '0', 'resource'],
  ['prefetch', 'conditions', 'entry', '0', 'resource', 'code'],
  ['prefetch', 'imagingStudies'],
  ['prefetch', 'serviceRequests'],
  ['prefetch', 'procedures'],
  ['extension'],
];

function setPath(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
  return copy;
}

function validBody() {
  return orderSignBody({ prefetch: osteomyelitisPrefetch(), draftOrders: [spectServiceRequest()] });
}

describe('any JSON as a hook body never yields 5xx', () => {
  it(
    'any JSON text',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.json({ maxDepth: 4 }), async (text) => {
          expect(await post(text)).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a valid body with one part replaced by any JSON value',
    async () => {
      const before = statuses.get(200) ?? 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...PATHS),
          fc.jsonValue({ maxDepth: 4 }),
          fc.boolean(),
          async (path, value, select) => {
            const body = setPath(validBody(), path, value) as Record<string, unknown>;
            if (select && typeof body === 'object' && body !== null && !Array.isArray(body)) {
              // The same body against order-select (the hook name then mismatches or is replaced too).
              body.hook = 'order-select';
              const context = body.context as Record<string, unknown> | undefined;
              if (context && typeof context === 'object') context.selections = ['ServiceRequest/spect-1'];
            }
            expect(
              await post(JSON.stringify(body), select ? ORDER_SELECT_SERVICE : ORDER_SIGN_SERVICE),
            ).toBeLessThan(500);
          },
        ),
        { numRuns: RUNS * 2 },
      );
      // Not vacuous: many mutated bodies are still valid enough to be evaluated and answered.
      expect((statuses.get(200) ?? 0) - before).toBeGreaterThan(RUNS / 10);
    },
    TIMEOUT_MS,
  );

  it(
    'hook-shaped bodies with arbitrary context values and prefetch',
    async () => {
      const topic = fc.constantFrom(
        'patient',
        'coverage',
        'conditions',
        'procedures',
        'imagingStudies',
        'serviceRequests',
      );
      const resource = fc.record(
        {
          resourceType: fc.constantFrom('ServiceRequest', 'Condition', 'Bundle', 'Patient', 'x'),
          id: fc.string({ maxLength: 8 }),
          code: fc.jsonValue({ maxDepth: 3 }),
          bodySite: fc.jsonValue({ maxDepth: 3 }),
          entry: fc.jsonValue({ maxDepth: 3 }),
        },
        { requiredKeys: ['resourceType'] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            hook: fc.constantFrom('order-sign', 'order-select'),
            hookInstance: fc.uuid(),
            fhirServer: fc.option(fc.constantFrom(TEST_FHIR_SERVER, 'http://169.254.169.254/', 'not a url')),
            fhirAuthorization: fc.option(
              fc.record({ access_token: fc.string(), token_type: fc.constant('Bearer') }),
            ),
            context: fc.record({
              patientId: fc.oneof(fc.constant('pat-1'), fc.string({ maxLength: 64 })),
              userId: fc.string({ maxLength: 20 }),
              selections: fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }),
              draftOrders: fc.record({
                resourceType: fc.constant('Bundle'),
                type: fc.constantFrom('collection', 'searchset', 'x'),
                entry: fc.array(fc.record({ resource }), { maxLength: 3 }),
              }),
            }),
            prefetch: fc.option(fc.dictionary(topic, fc.oneof(resource, fc.jsonValue({ maxDepth: 3 })))),
          }),
          async (body) => {
            const service = body.hook === 'order-select' ? ORDER_SELECT_SERVICE : ORDER_SIGN_SERVICE;
            expect(await post(JSON.stringify(body), service)).toBeLessThan(500);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
