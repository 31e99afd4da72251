/**
 * The EHR's FHIR server for scenarios 3 and 4, as a child process: Medplum's router over an in-memory repository
 * (src/demo/fhir-server.ts), 50 ms added to every answer, bearer token required, seeded with typical charts.
 * It counts the requests it serves, so the runner can show that an order-sign after an order-select asks nothing.
 *
 * IPC: sends {url} once listening; answers {type:'count'} with {count}.
 */
import type { AddressInfo } from 'node:net';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import express from 'express';
import { createFhirApp } from '../src/demo/fhir-server.js';
import { chartFor, chartResources, TYPICAL } from './charts.js';

const latencyMs = Number(process.env.BENCH_FHIR_LATENCY_MS ?? 50);
const accessToken = process.env.BENCH_FHIR_TOKEN ?? '';
const patients = (process.env.BENCH_FHIR_PATIENTS ?? '').split(',').filter(Boolean);

const repo = new MemoryRepository();
for (const pid of patients) {
  for (const resource of chartResources(chartFor(pid, TYPICAL))) {
    await repo.updateResource(resource as Resource);
  }
}

let count = 0;
const app = express();
app.use((_req, _res, next) => {
  count++;
  next();
});
app.use(createFhirApp(repo, { latencyMs, accessToken }));
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}/fhir/R4` });
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'count') process.send?.({ count });
});
process.on('disconnect', () => process.exit(0));
