/**
 * The fault matrix: the EHR's FHIR server slow, down, resetting, answering 401/403/404/429/500/503, garbage, or
 * paginating forever. For each, a real order-sign call (prefetch holds only Patient and Coverage, so the chart must
 * be queried) must answer within the time budget, never 5xx, with cards that say what could not be checked and
 * CRD coverage information `indeterminate` with reason `technical`. Prints status and latency per fault.
 */
import { jest } from '@jest/globals';
import request from 'supertest';
import { COVERAGE_INFORMATION_URL, CRD_TEMP_SYSTEM } from '../../src/cards/coverage-information.js';
import {
  FAULTS,
  type Fault,
  type FaultyFhirServer,
  startFaultyFhirServer,
} from '../support/faulty-fhir-server.js';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const HOOK_PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
const HOOK_URL = `${TEST_BASE_URL}${HOOK_PATH}`;
const BUDGET_MS = 1_500;
/** Rendering, JWT checks and a loaded 2-core CI machine, on top of the FHIR budget. */
const SLACK_MS = 1_000;
const CIRCUIT_FAILURES = 3;

// Slow faults wait out the budget, several times in the circuit tests; a loaded CI machine needs headroom.
jest.setTimeout(30_000);

interface Row {
  fault: string;
  status: number;
  latencyMs: number;
  covered?: string;
  reason?: string;
  notChecked: string[];
}

interface Extension {
  url: string;
  valueCode?: string;
  valueCodeableConcept?: { coding?: Array<{ system?: string; code?: string }> };
  extension?: Extension[];
}

function coverageInformation(body: { systemActions?: Array<{ resource?: { extension?: Extension[] } }> }) {
  const ext = body.systemActions?.[0]?.resource?.extension?.find((e) => e.url === COVERAGE_INFORMATION_URL);
  const part = (url: string) => ext?.extension?.find((e) => e.url === url);
  return {
    covered: part('covered')?.valueCode,
    reason: part('reason')?.valueCodeableConcept?.coding?.find((c) => c.system === CRD_TEMP_SYSTEM)?.code,
  };
}

/** The lines of the cards' "Not checked" lists (what the service could not check, and why). */
function notChecked(body: { cards?: Array<{ detail?: string }> }): string[] {
  const lines = (body.cards ?? []).flatMap((card) => {
    const list = (card.detail ?? '').split('\n\n').find((block) => block.startsWith('**Not checked**'));
    return list ? list.split('\n').slice(1) : [];
  });
  return [...new Set(lines)];
}

let fhir: FaultyFhirServer;
let client: TestClient;
let app: ReturnType<typeof buildTestApp>['app'];
const rows: Row[] = [];

async function callWith(
  fault: Fault,
  label: string = fault,
): Promise<{ row: Row; body: Record<string, unknown> }> {
  const token = await signHookJwt(client, HOOK_URL);
  const started = performance.now();
  const res = await request(app)
    .post(HOOK_PATH)
    .set('Authorization', `Bearer ${token}`)
    .send(
      orderSignBody({
        fhirServer: fhir.base(fault),
        prefetch: osteomyelitisPrefetch(['patient', 'coverage']),
        // A CRD 2.2 call: `indeterminate` is a 2.2 code (2.0.1 answers conditional; crd-version.test.ts).
        extra: { extension: { 'davinci-crd.requestedVersion': '2.2' } },
      }),
    );
  const latencyMs = Math.round(performance.now() - started);
  const row: Row = {
    fault: label,
    status: res.status,
    latencyMs,
    ...coverageInformation(res.body),
    notChecked: notChecked(res.body),
  };
  rows.push(row);
  return { row, body: res.body };
}

beforeAll(async () => {
  fhir = await startFaultyFhirServer();
  client = await createTestClient({ fhirServers: FAULTS.map((fault) => fhir.base(fault)) });
  ({ app } = buildTestApp(
    testConfig([client], {
      fhirTimeoutMs: BUDGET_MS,
      maxPages: 5,
      fhirCircuitFailures: CIRCUIT_FAILURES,
      factCacheSeconds: 0,
      rateLimit: { requestsPerSecond: 1000, burst: 1000 },
    }),
  ));
});

afterAll(async () => {
  await fhir.close();
  const table = [
    '| fault | HTTP | latency ms | covered | reason | not checked |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.status} | ${r.latencyMs} | ${r.covered ?? '-'} | ${r.reason ?? '-'} | ${r.notChecked.length ? r.notChecked[0]!.replace(/^- /, '') + (r.notChecked.length > 1 ? ` (+${r.notChecked.length - 1})` : '') : '-'} |`,
    ),
  ].join('\n');
  console.log(`Fault matrix (FHIR budget ${BUDGET_MS} ms):\n${table}`);
});

describe('a healthy FHIR server (the control row)', () => {
  it('answers with the chart read from FHIR: criteria met, covered, nothing unchecked', async () => {
    const { row } = await callWith('healthy');
    expect(row.status).toBe(200);
    expect(row.covered).toBe('covered');
    expect(row.notChecked).toEqual([]);
  });
});

describe.each(FAULTS.filter((fault) => fault !== 'healthy'))('FHIR server fault: %s', (fault) => {
  it('answers 200 within the budget, says what was not checked, and CRD coverage is indeterminate/technical', async () => {
    const { row } = await callWith(fault);
    expect(row.status).toBe(200);
    expect(row.latencyMs).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(row.notChecked.length).toBeGreaterThan(0);
    expect(row.notChecked.join('\n')).toMatch(/Condition query/);
    expect(row.covered).toBe('indeterminate');
    expect(row.reason).toBe('technical');
  });
});

describe('redirects', () => {
  it('a redirect from the FHIR server to another host is not followed (SSRF)', () => {
    expect(fhir.redirectTargetHits()).toBe(0);
  });
});

describe('the circuit breaker', () => {
  it('after repeated failures, calls stop contacting the server and answer at once, saying "circuit open"', async () => {
    for (let i = 0; i < CIRCUIT_FAILURES; i++) await callWith('503', '503 (again)');
    const before = fhir.hits.get('503') ?? 0;
    const { row } = await callWith('503', '503 (circuit open)');
    expect(fhir.hits.get('503') ?? 0).toBe(before);
    expect(row.status).toBe(200);
    expect(row.latencyMs).toBeLessThan(SLACK_MS);
    expect(row.notChecked.join('\n')).toMatch(/circuit open/);
    expect(row.covered).toBe('indeterminate');
    expect(row.reason).toBe('technical');
  });

  it('a slow server opens its circuit too, so calls stop waiting out the budget', async () => {
    for (let i = 0; i < CIRCUIT_FAILURES - 1; i++) await callWith('slow', 'slow (again)');
    const { row } = await callWith('slow', 'slow (circuit open)');
    expect(row.latencyMs).toBeLessThan(SLACK_MS);
    expect(row.notChecked.join('\n')).toMatch(/circuit open/);
  });
});
