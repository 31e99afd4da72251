/**
 * The narrowed prefetch (CRD found-27/28) on the demo patients: each template, filled from the demo EHR's FHIR
 * server as an EHR fills it, holds no more than the whole-history form did, and the service answers every patient
 * the same with either. Prints the request and response sizes per patient (the numbers in docs/integration.md).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { chartFor, chartResources, TYPICAL } from '../../bench/charts.js';
import { DETERMINATION_EXTENSION_KEY } from '../../src/cards/determination-extension.js';
import { prefetchTemplates } from '../../src/data/prefetch-templates.js';
import { startFhirServer } from '../../src/demo/fhir-server.js';
import { draftOrders, hookRequest, renderTemplate } from '../../src/demo/public/orders.js';
import type { DemoPatient } from '../../src/demo/synthetic-patients.js';
import { type DemoService, startDemoService } from './demo-service.js';

interface Session {
  baseUrl: string;
  fhirServer: string;
  fhirAccessToken: string;
  userId: string;
  patients: DemoPatient[];
  catalogue: Parameters<typeof draftOrders>[0]['catalogue'];
}

let demo: DemoService;
let session: Session;
let narrowed: Record<string, string>;
beforeAll(async () => {
  demo = await startDemoService();
  session = (await request(demo.baseUrl).get('/demo/api/session').expect(200)).body as Session;
  const discovery = await request(demo.baseUrl).get('/cds-services').expect(200);
  narrowed = discovery.body.services[0].prefetch;
}, 30_000);
afterAll(() => demo.close());

async function prefetchWith(templates: Record<string, string>, patientId: string) {
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(templates)) {
    const res = await fetch(
      `${session.fhirServer}/${renderTemplate(template, { patientId, userId: session.userId })}`,
      {
        headers: { authorization: `Bearer ${session.fhirAccessToken}` },
      },
    );
    prefetch[key] = await res.json();
  }
  return prefetch;
}

function draftsFor(patient: DemoPatient) {
  return draftOrders({
    patientId: patient.id,
    userId: session.userId,
    catalogue: session.catalogue,
    site: patient.draft.site,
    cpt: patient.draft.cpt,
    reasonText: patient.draft.reasonText,
  });
}

async function sign(
  patient: DemoPatient,
  drafts: ReturnType<typeof draftsFor>,
  prefetch: Record<string, unknown>,
) {
  const serviceId = 'spect-spine-order-sign';
  const aud = `${session.baseUrl}/cds-services/${serviceId}`;
  const token = (await request(demo.baseUrl).post('/demo/api/jwt').send({ aud }).expect(200)).body.token;
  // No fhirServer: the answer rests on the prefetch alone.
  const body = {
    ...hookRequest({
      hook: 'order-sign',
      hookInstance: randomUUID(),
      patientId: patient.id,
      userId: session.userId,
      drafts,
      fhirServer: session.fhirServer,
      fhirAccessToken: session.fhirAccessToken,
      prefetch,
    }),
    fhirServer: undefined,
    fhirAuthorization: undefined,
  };
  const text = JSON.stringify(body);
  const res = await request(demo.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/json')
    .send(text);
  expect(res.status).toBe(200);
  const determinations = (res.body.cards as Array<{ extension?: Record<string, unknown> }>).map(
    (card) => card.extension?.[DETERMINATION_EXTENSION_KEY],
  );
  return {
    prefetchBytes: Buffer.byteLength(JSON.stringify(prefetch)),
    resources: Object.values(prefetch).reduce<number>(
      (sum, value) => sum + ((value as { entry?: unknown[] }).entry?.length ?? 1),
      0,
    ),
    requestBytes: Buffer.byteLength(text),
    responseBytes: Buffer.byteLength(res.text),
    determinations,
  };
}

test('the narrowed templates are the policy-read ones: statuses from the policy data, the rest as before', () => {
  expect(narrowed).toEqual({
    ...prefetchTemplates(),
    procedures: 'Procedure?patient={{context.patientId}}&status=in-progress,on-hold,completed,unknown',
    imagingStudies: 'ImagingStudy?patient={{context.patientId}}&status=available',
    serviceRequests: 'ServiceRequest?patient={{context.patientId}}&status=active,draft,on-hold',
  });
});

test('every demo patient: no more resources, the same determinations (sizes printed)', async () => {
  const rows: string[] = [
    '| patient | resources before → after | prefetch bytes before → after | request bytes before → after | response bytes before → after |',
  ];
  let resourcesBefore = 0;
  let resourcesAfter = 0;
  for (const patient of session.patients) {
    const drafts = draftsFor(patient);
    const before = await sign(patient, drafts, await prefetchWith(prefetchTemplates(), patient.id));
    const after = await sign(patient, drafts, await prefetchWith(narrowed, patient.id));
    expect(after.resources).toBeLessThanOrEqual(before.resources);
    expect(after.determinations).toEqual(before.determinations);
    resourcesBefore += before.resources;
    resourcesAfter += after.resources;
    rows.push(
      `| ${patient.id} | ${before.resources} → ${after.resources} | ${before.prefetchBytes} → ${after.prefetchBytes} | ` +
        `${before.requestBytes} → ${after.requestBytes} | ${before.responseBytes} → ${after.responseBytes} |`,
    );
  }
  console.log(rows.join('\n'));
  expect(resourcesAfter).toBeLessThanOrEqual(resourcesBefore);
}, 60_000);

test('a typical chart (the benchmark chart: 40 conditions, 15 studies, 10 past orders, 5 procedures): past orders are no longer sent', async () => {
  const fhir = await startFhirServer();
  try {
    const chart = chartFor('bench-typical', TYPICAL);
    await fhir.seed(chartResources(chart));
    const fill = async (templates: Record<string, string>) => {
      const prefetch: Record<string, unknown> = {};
      for (const [key, template] of Object.entries(templates)) {
        const res = await fetch(
          `${fhir.url}/${renderTemplate(template, { patientId: 'bench-typical', userId: 'Practitioner/x' })}`,
        );
        prefetch[key] = await res.json();
      }
      return prefetch;
    };
    const before = await fill(prefetchTemplates());
    const after = await fill(narrowed);
    const bytes = (prefetch: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(prefetch));
    const entries = (prefetch: Record<string, unknown>, key: string) =>
      (prefetch[key] as { entry?: unknown[] }).entry?.length ?? 0;
    console.log(
      `typical chart: prefetch ${bytes(before)} → ${bytes(after)} bytes; serviceRequests ${entries(before, 'serviceRequests')} → ${entries(after, 'serviceRequests')}`,
    );
    expect(entries(before, 'serviceRequests')).toBe(10);
    expect(entries(after, 'serviceRequests')).toBe(0);
    for (const key of ['conditions', 'procedures', 'imagingStudies'])
      expect(entries(after, key)).toBe(entries(before, key));
    expect(bytes(after)).toBeLessThan(bytes(before));
  } finally {
    await fhir.close();
  }
});
