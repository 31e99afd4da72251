/**
 * The in-process FHIR server behaves like an EHR's FHIR API for what this service asks: reads, searches by bare
 * patient id, paging with next links, a CapabilityStatement, validation, and a bearer token when one is set.
 */

import type { Bundle, Condition } from 'fhir/r4.js';
import { Client } from 'fhir-kit-client';
import { type FhirServer, qualifyPatientParams, startFhirServer } from '../../src/demo/fhir-server.js';

const TOKEN = 'demo-fhir-token';
const auth = { authorization: `Bearer ${TOKEN}` };

function condition(id: string, patient: string, text: string): Condition {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patient}` },
    code: { text },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
  };
}

let fhir: FhirServer;
beforeAll(async () => {
  fhir = await startFhirServer({ accessToken: TOKEN });
  await fhir.seed([
    { resourceType: 'Patient', id: 'p1', name: [{ family: 'One' }] },
    { resourceType: 'Patient', id: 'p2', name: [{ family: 'Two' }] },
    condition('c1', 'p1', 'osteomyelitis'),
    condition('c2', 'p1', 'low back pain'),
    condition('c3', 'p1', 'fracture'),
    condition('c4', 'p2', 'other patient'),
    {
      resourceType: 'ServiceRequest',
      id: 'sr1',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72148' }] },
    },
    {
      resourceType: 'ServiceRequest',
      id: 'sr2',
      status: 'completed',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72131' }] },
    },
  ]);
}, 30_000);
afterAll(() => fhir.close());

async function get(path: string, headers: Record<string, string> = auth) {
  const res = await fetch(`${fhir.url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Bundle };
}

test('listens on loopback under /fhir/R4', () => {
  expect(fhir.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
});

test('/metadata is a CapabilityStatement for R4', async () => {
  const { status, body } = await get('/metadata');
  expect(status).toBe(200);
  expect(body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
});

test('reads a seeded resource by its own id, and 404s an unknown one', async () => {
  const found = await get('/Patient/p1');
  expect(found.status).toBe(200);
  expect(found.type).toContain('application/fhir+json');
  expect(found.body).toMatchObject({ resourceType: 'Patient', id: 'p1' });
  expect((await get('/Patient/nobody')).status).toBe(404);
});

test('searches by a bare patient id, only that patient', async () => {
  const { body } = await get('/Condition?patient=p1');
  expect(body.type).toBe('searchset');
  expect(body.entry?.map((e) => e.resource?.id).sort()).toEqual(['c1', 'c2', 'c3']);
  expect((await get('/Condition?subject=p2')).body.entry?.map((e) => e.resource?.id)).toEqual(['c4']);
});

test('token and status searches filter as a FHIR server does', async () => {
  const byCode = await get('/ServiceRequest?patient=p1&code=http://www.ama-assn.org/go/cpt|72148');
  expect(byCode.body.entry?.map((e) => e.resource?.id)).toEqual(['sr1']);
  const active = await get('/ServiceRequest?patient=p1&status=active');
  expect(active.body.entry?.map((e) => e.resource?.id)).toEqual(['sr1']);
});

test('pages with next links that lead to the rest of the results', async () => {
  const first = await get('/Condition?patient=p1&_count=2');
  expect(first.body.entry).toHaveLength(2);
  const next = first.body.link?.find((l) => l.relation === 'next')?.url;
  expect(next).toBeDefined();
  expect(next!.startsWith(fhir.url)).toBe(true);
  const second = (await (await fetch(next!, { headers: auth })).json()) as Bundle;
  expect(second.entry).toHaveLength(1);
  expect(second.link?.some((l) => l.relation === 'next')).toBe(false);
  const ids = [...(first.body.entry ?? []), ...(second.entry ?? [])].map((e) => e.resource?.id).sort();
  expect(ids).toEqual(['c1', 'c2', 'c3']);
});

test('fhir-kit-client (the client this service uses) reads and searches it', async () => {
  const client = new Client({ baseUrl: fhir.url, customHeaders: auth });
  const bundle = (await client.search({
    resourceType: 'Condition',
    searchParams: { patient: 'p2' },
  })) as unknown as Bundle<Condition>;
  expect(bundle.entry?.[0]?.resource?.code?.text).toBe('other patient');
});

test('answers 401 without the bearer token', async () => {
  const { status, body } = await get('/Patient/p1', {});
  expect(status).toBe(401);
  expect(body.resourceType).toBe('OperationOutcome');
});

test('validates what it is given: bad POST is a 400 OperationOutcome, bad seed rejects', async () => {
  const res = await fetch(`${fhir.url}/Patient`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Patient', birthDate: 'yesterday' }),
  });
  expect(res.status).toBe(400);
  expect(JSON.stringify(await res.json())).toContain('Invalid date format');
  await expect(fhir.seed([{ resourceType: 'Patient', id: 'bad', foo: 1 }])).rejects.toThrow(/foo/);
  expect((await get('/Patient/bad')).status).toBe(404);
});

test('latencyMs delays every answer', async () => {
  const slow = await startFhirServer({ latencyMs: 150 });
  try {
    const started = Date.now();
    const res = await fetch(`${slow.url}/metadata`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  } finally {
    await slow.close();
  }
});

test.each([
  ['patient=p1', '?patient=Patient%2Fp1'],
  ['patient=Patient/p1', '?patient=Patient%2Fp1'],
  ['subject=a,b&status=active', '?status=active&subject=Patient%2Fa%2CPatient%2Fb'],
  ['code=x', '?code=x'],
  ['', ''],
])('qualifyPatientParams(%s)', (input, expected) => {
  const out = qualifyPatientParams(input);
  expect(Object.fromEntries(new URLSearchParams(out))).toEqual(
    Object.fromEntries(new URLSearchParams(expected)),
  );
});
