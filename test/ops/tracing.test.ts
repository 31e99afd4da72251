/**
 * OpenTelemetry tracing over a real hook call: one root span per call, child spans for gathering the chart (one per
 * FHIR query, under the gather span), each policy evaluation, the card rendering and the audit-store write, all in
 * one trace; and no span attribute carrying a token, the patient, the order or any clinical code.
 */
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import nock from 'nock';
import request from 'supertest';
import { startTracing, tracingEnabled } from '../../src/ops/tracing.js';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  TEST_ACCESS_TOKEN,
  TEST_FHIR_SERVER,
  TEST_PATIENT_ID,
  testPatient,
  vertebralOsteomyelitis,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let client: TestClient;

beforeAll(async () => {
  provider.register();
  client = await createTestClient({ fhirServers: [TEST_FHIR_SERVER] });
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
  exporter.reset();
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  nock.enableNetConnect();
  nock.restore();
});

function byName(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((s) => s.name === name);
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

test('a hook call is one trace: the call, the chart with its FHIR queries, the policy, the cards, the audit write', async () => {
  nock(TEST_FHIR_SERVER)
    .persist()
    .get(() => true)
    .reply((uri) => {
      const path = uri.replace(new URL(TEST_FHIR_SERVER).pathname, '');
      if (path.startsWith('/Patient/')) return [200, testPatient()];
      if (path.startsWith('/Condition')) return [200, searchset([vertebralOsteomyelitis()])];
      // The member's Coverage (CRD hook-13: the service answers only for its payer's members).
      if (path.startsWith('/Coverage')) return [200, osteomyelitisPrefetch(['coverage']).coverage];
      return [200, searchset([])];
    });
  const { app } = buildTestApp(testConfig([client]), { tracer: provider.getTracer('test') });
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  const res = await request(app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(orderSignBody());
  expect(res.status).toBe(200);
  // The root span ends on 'finish', which may come a tick after the client has the answer.
  await new Promise((resolve) => setTimeout(resolve, 20));

  const spans = exporter.getFinishedSpans();
  const [root] = byName(spans, `hook ${ORDER_SIGN_SERVICE}`);
  expect(root).toBeDefined();
  expect(root!.attributes).toMatchObject({
    'cds.service': ORDER_SIGN_SERVICE,
    'http.response.status_code': 200,
  });
  const rootId = root!.spanContext().spanId;
  const [gather] = byName(spans, 'gather chart');
  const queries = byName(spans, 'fhir query');
  expect(parentOf(gather!)).toBe(rootId);
  expect(queries.length).toBeGreaterThan(0);
  for (const query of queries) {
    expect(parentOf(query)).toBe(gather!.spanContext().spanId);
    expect(query.attributes['server.address']).toBe(TEST_FHIR_SERVER);
  }
  expect(queries.map((q) => q.attributes['fhir.resource_type'])).toContain('Condition');
  for (const name of ['policy evaluate', 'cards render', 'audit store write']) {
    const [span] = byName(spans, name);
    expect({ name, parent: span && parentOf(span) }).toEqual({ name, parent: rootId });
  }
  expect(byName(spans, 'cards render')[0]!.attributes['cds.orders_evaluated']).toBe(1);
  expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);

  // Nothing a span carries names the patient, the order, a token or a diagnosis.
  const carried = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status, s.events]));
  for (const secret of [TEST_ACCESS_TOKEN, TEST_PATIENT_ID, 'spect-1', 'M46.26', 'osteomyelitis', 'Bearer']) {
    expect(carried).not.toContain(secret);
  }
});

test('discovery and feedback are not traced as hook calls; no tracer means no spans at all', async () => {
  const traced = buildTestApp(testConfig([client]), { tracer: provider.getTracer('test') });
  await request(traced.app).get('/cds-services');
  await request(traced.app).post(`/cds-services/${ORDER_SIGN_SERVICE}/feedback`).send({});
  expect(exporter.getFinishedSpans()).toEqual([]);
  const plain = buildTestApp(testConfig([client]));
  await request(plain.app).post(`/cds-services/${ORDER_SIGN_SERVICE}`).send({});
  expect(exporter.getFinishedSpans()).toEqual([]);
});

test('tracing is on only when an OTLP endpoint is configured', async () => {
  expect(tracingEnabled({})).toBe(false);
  expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
  expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
  expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(
    true,
  );
  expect(await startTracing({}, { version: '0', policy: 'p' })).toBeUndefined();
});
