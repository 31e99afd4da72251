/**
 * The soak's EHR FHIR server (loopback): answers every search for a patient with a small chart, after a short
 * think time, like a healthy EHR. A second base on a closed port plays an EHR that is down, for the circuit breaker.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_PAYER_IDENTIFIER } from '../charts.js';

const THINK_MS = 15;

function searchset(resources: unknown[]) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

function answer(resourceType: string, patientId: string): unknown {
  if (resourceType === 'Patient') return { resourceType: 'Patient', id: patientId };
  if (resourceType === 'Condition') {
    return searchset([
      {
        resourceType: 'Condition',
        id: `osteo-${patientId}`,
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
        },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M46.26' }] },
        subject: { reference: `Patient/${patientId}` },
      },
    ]);
  }
  if (resourceType === 'Coverage') {
    return searchset([
      {
        resourceType: 'Coverage',
        id: `cov-${patientId}`,
        status: 'active',
        beneficiary: { reference: `Patient/${patientId}` },
        payor: [{ identifier: { ...BENCH_PAYER_IDENTIFIER }, display: 'Blue Cross VT' }],
      },
    ]);
  }
  return searchset([]);
}

export interface SoakEhr {
  healthyBase: string;
  downBase: string;
  requests: () => number;
  close: () => Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function startSoakEhr(): Promise<SoakEhr> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://x');
    const [, , resourceType, id] = url.pathname.split('/');
    const patientId = id ?? url.searchParams.get('patient') ?? 'unknown';
    setTimeout(() => {
      res
        .writeHead(200, { 'content-type': 'application/fhir+json' })
        .end(JSON.stringify(answer(resourceType ?? '', patientId)));
    }, THINK_MS);
  });
  const port = await listen(server);
  const probe = createServer();
  const downPort = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return {
    healthyBase: `http://127.0.0.1:${port}/fhir`,
    downBase: `http://127.0.0.1:${downPort}/fhir`,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
