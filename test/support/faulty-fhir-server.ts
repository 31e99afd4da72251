/**
 * A real HTTP server on loopback playing an EHR's FHIR server on its worst day. Each fault has its own base URL
 * (`${origin}/${fault}/fhir`), so one server covers the whole fault matrix and each base has its own circuit.
 * Real sockets, not interceptors: a hanging answer really hangs and a reset really resets.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testPayor } from './payer.js';

export const FAULTS = [
  'healthy',
  'slow',
  'stalled-body',
  'down',
  'reset',
  '401',
  '403',
  '404',
  '429',
  '500',
  '503',
  'garbage-html',
  'truncated-json',
  'not-a-bundle',
  'paginate-forever',
  'paginate-forever-slowly',
  'redirect-elsewhere',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultyFhirServer {
  /** The FHIR base URL that shows `fault`. */
  base(fault: Fault): string;
  /** Requests received per fault (a down server receives none). */
  hits: Map<string, number>;
  /** Where `redirect-elsewhere` points: a second loopback server standing for an internal host. */
  redirectTargetHits(): number;
  close(): Promise<void>;
}

const FHIR_JSON = { 'content-type': 'application/fhir+json' };

function searchset(resources: unknown[], next?: string) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/** What a healthy EHR holds for the patient: a lumbar vertebral osteomyelitis and the member's Coverage. */
function healthyAnswer(resourceType: string, patientId: string): unknown {
  if (resourceType === 'Patient') return { resourceType: 'Patient', id: patientId };
  if (resourceType === 'Coverage') {
    const beneficiary = { reference: `Patient/${patientId}` };
    return searchset([
      { resourceType: 'Coverage', id: 'cov-1', status: 'active', beneficiary, payor: [testPayor()] },
    ]);
  }
  if (resourceType === 'Condition') {
    return searchset([
      {
        resourceType: 'Condition',
        id: 'osteo-1',
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
        },
        verificationStatus: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
          ],
        },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M46.26' }] },
        subject: { reference: `Patient/${patientId}` },
      },
    ]);
  }
  return searchset([]);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback port with nothing listening: connection refused. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  const origin = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return origin;
}

export async function startFaultyFhirServer(): Promise<FaultyFhirServer> {
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  let redirectHits = 0;
  const internal = createServer((_req, res) => {
    redirectHits++;
    res.writeHead(200, FHIR_JSON).end(JSON.stringify(searchset([])));
  });
  const internalOrigin = await listen(internal);

  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, fault, , resourceType, id] = url.pathname.split('/');
    hits.set(fault ?? '', (hits.get(fault ?? '') ?? 0) + 1);
    const patientId = id ?? url.searchParams.get('patient') ?? 'unknown';
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { ...FHIR_JSON, ...headers }).end(JSON.stringify(body));
    const outcome = (code: string) => ({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code }],
    });

    switch (fault as Fault) {
      case 'healthy':
        return json(200, healthyAnswer(resourceType ?? '', patientId));
      case 'slow':
        return later(10_000, () => json(200, healthyAnswer(resourceType ?? '', patientId)));
      case 'stalled-body':
        // Headers and half a body, then nothing.
        res.writeHead(200, FHIR_JSON);
        res.write('{"resourceType":"Bundle","type":"searchset","entry":[');
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case '401':
        return json(401, outcome('login'), { 'www-authenticate': 'Bearer error="invalid_token"' });
      case '403':
        return json(403, outcome('forbidden'));
      case '404':
        return json(404, outcome('not-found'));
      case '429':
        return json(429, outcome('throttled'), { 'retry-after': '30' });
      case '500':
        return json(500, outcome('exception'));
      case '503':
        return json(503, outcome('transient'));
      case 'garbage-html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Login</body></html>');
      case 'truncated-json':
        return res.writeHead(200, FHIR_JSON).end('{"resourceType":"Bundle","type":"searchset","entry":[{');
      case 'not-a-bundle':
        return json(200, { hello: 'world' });
      case 'paginate-forever':
      case 'paginate-forever-slowly': {
        if (resourceType === 'Patient') return json(200, healthyAnswer('Patient', patientId));
        const page = Number(url.searchParams.get('page') ?? '0') + 1;
        url.searchParams.set('page', String(page));
        const next = `${origin}${url.pathname}?${url.searchParams}`;
        const answer = () => json(200, searchset([], next));
        return fault === 'paginate-forever' ? answer() : later(300, answer);
      }
      case 'redirect-elsewhere':
        return res.writeHead(302, { location: `${internalOrigin}${url.pathname}${url.search}` }).end();
      default:
        return json(404, outcome('not-found'));
    }
  });
  origin = await listen(server);
  const downOrigin = await closedPort();

  return {
    base: (fault) => `${fault === 'down' ? downOrigin : origin}/${fault}/fhir`,
    hits,
    redirectTargetHits: () => redirectHits,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      internal.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => internal.close(() => resolve())),
      ]);
    },
  };
}
