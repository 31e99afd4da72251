/**
 * The EHR's FHIR server for scenarios 3 and 4, as a child process: Medplum's router over in-memory repositories
 * (src/demo/fhir-server.ts), 50 ms added to every answer, bearer token required, seeded with typical charts.
 * It counts the requests it serves, so the runner can show that an order-sign after an order-select asks nothing.
 *
 * One repository per patient: Medplum's memory repository answers a search by evaluating the search parameter's
 * FHIRPath on every stored resource of the type, so one shared repository of 40 charts spent about 0.5 s of CPU
 * per Condition search (measured: 96 parallel searches took 48 s), and the bench measured the EHR's queue instead
 * of the service. A real EHR indexes by patient; routing each request to its patient's repository is that index.
 *
 * Even so, a Condition search of one chart costs Medplum about 25 ms of CPU, and under scenario 3's load the EHR's
 * CPU (on the same two cores) became the bottleneck. The charts never change during a run, so a GET answered 200
 * once is answered again from its bytes (after the same 50 ms, with the same token check): the stand-in for a
 * remote EHR's indexed search, whose cost is the EHR's, not this machine's.
 *
 * IPC: sends {url} once listening; answers {type:'count'} with {count}.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import express, { type RequestHandler } from 'express';
import { loadPolicy } from '../src/app/load-policy.js';
import { policyPrefetchTemplates } from '../src/app/prefetch.js';
import { SEARCH_PAGE_SIZE } from '../src/data/gather.js';
import { PREFETCH_TOPICS, renderPrefetchTemplate } from '../src/data/prefetch-templates.js';
import { createFhirApp } from '../src/demo/fhir-server.js';
import { chartFor, chartResources, TYPICAL } from './charts.js';

const latencyMs = Number(process.env.BENCH_FHIR_LATENCY_MS ?? 50);
const accessToken = process.env.BENCH_FHIR_TOKEN ?? '';
const patients = (process.env.BENCH_FHIR_PATIENTS ?? '').split(',').filter(Boolean);
const BASE = '/fhir/R4';

/** The patient a FHIR request is about: `Patient/<id>` reads, or the `patient`/`subject` search parameter. */
export function patientOf(url: string): string | undefined {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const read = /\/Patient\/([^/?]+)$/.exec(path);
  if (read) return decodeURIComponent(read[1]!);
  const params = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
  const value = params.get('patient') ?? params.get('subject');
  return value?.replace(/^Patient\//, '');
}

const everyone = new MemoryRepository();
const byPatient = new Map<string, RequestHandler>();
for (const pid of patients) {
  const own = new MemoryRepository();
  for (const resource of chartResources(chartFor(pid, TYPICAL))) {
    await own.updateResource(resource as Resource);
    await everyone.updateResource(resource as Resource);
  }
  byPatient.set(pid, createFhirApp(own, { latencyMs, accessToken, basePath: BASE }));
}
// Anything not about one known patient is answered from all charts at once.
const shared = createFhirApp(everyone, { latencyMs, accessToken, basePath: BASE });

const answered = new Map<string, { type: string; body: Buffer }>();

let count = 0;
const app = express();
app.use(async (req, res, next) => {
  if (req.method === 'GET') {
    // The FHIR app strips its base path from req.url on the way, so keep the URL as asked.
    const url = req.url;
    const send = res.send.bind(res);
    res.send = (body: unknown) => {
      if (res.statusCode === 200 && typeof body === 'string') {
        answered.set(url, {
          type: String(res.getHeader('content-type') ?? 'application/fhir+json'),
          body: Buffer.from(body),
        });
      }
      return send(body);
    };
  }
  const pid = patientOf(req.url);
  const target = (pid !== undefined && byPatient.get(pid)) || shared;
  target(req, res, next);
});
/**
 * Ask every chart's prefetch queries once before reporting ready, so the first scenario that queries (or
 * scenario 4's order-selects, when run alone) does not wait for Medplum's first evaluation of each search.
 */
async function warmUp(url: string): Promise<void> {
  // Both forms: the prefetch template as is, and the service's own search of it (with _count).
  const templates = policyPrefetchTemplates(loadPolicy());
  const paths = patients.flatMap((patientId) =>
    PREFETCH_TOPICS.flatMap((topic) => {
      const path = renderPrefetchTemplate(templates[topic], { patientId });
      return topic === 'patient' ? [path] : [path, `${path}&_count=${SEARCH_PAGE_SIZE}`];
    }),
  );
  const headers = { authorization: `Bearer ${accessToken}` };
  for (let i = 0; i < paths.length; i += 8) {
    await Promise.all(
      paths.slice(i, i + 8).map((path) => fetch(`${url}/${path}`, { headers }).then((r) => r.text())),
    );
  }
  count = 0;
}

/**
 * A repeat GET is answered from its bytes by node:http itself, without express: this process stands in for a
 * remote EHR, and on this machine every millisecond of its CPU is one the service under test does not get.
 */
const server = createServer((req, res) => {
  count++;
  const known = req.method === 'GET' ? answered.get(req.url ?? '') : undefined;
  if (known && req.headers.authorization === `Bearer ${accessToken}`) {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': known.type, 'content-length': known.body.length });
      res.end(known.body);
    }, latencyMs);
    return;
  }
  app(req, res);
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${BASE}`;
  await warmUp(url);
  process.send?.({ url });
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'count') process.send?.({ count });
});
process.on('disconnect', () => process.exit(0));
