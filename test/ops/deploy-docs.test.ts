/**
 * The shipped descriptions stay true to the app: every path in docs/openapi.yaml is served, every endpoint the
 * app serves outside demo mode is described, and the Kubernetes probes point at a real endpoint and port.
 * (No YAML parser is a dependency; the files are read by their fixed layout.)
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

test('docs/openapi.yaml describes exactly the endpoints the app serves', async () => {
  const spec = read('docs/openapi.yaml');
  expect(spec).toMatch(/^openapi: 3\.1\.\d+$/m);
  const paths = [...spec.matchAll(/^ {2}(\/[^:\s]*):$/gm)].map((m) => m[1]);
  expect(paths).toEqual([
    '/cds-services',
    '/cds-services/{id}',
    '/cds-services/{id}/feedback',
    '/fhir/metadata',
    '/fhir/Questionnaire/$questionnaire-package',
    '/fhir/QuestionnaireResponse/$prior-approval-determination',
    '/fhir/OperationDefinition/prior-approval-determination',
    '/fhir/Questionnaire/{id}',
    '/fhir/ValueSet/{id}',
    '/healthz',
    '/readyz',
    '/metrics',
  ]);
  const { app } = buildTestApp(testConfig());
  const id = 'spect-spine-order-sign';
  expect((await request(app).get('/cds-services')).status).toBe(200);
  expect((await request(app).post(`/cds-services/${id}`).send({})).status).toBe(401);
  expect((await request(app).post(`/cds-services/${id}/feedback`).send({})).status).toBe(401);
  expect((await request(app).get('/healthz')).status).toBe(200);
  expect((await request(app).get('/readyz')).status).toBe(200);
  expect((await request(app).get('/metrics')).status).toBe(200);
  expect((await request(app).get('/fhir/metadata')).status).toBe(200);
  expect((await request(app).get('/fhir/OperationDefinition/prior-approval-determination')).status).toBe(200);
  for (const path of [
    'Questionnaire/$questionnaire-package',
    'QuestionnaireResponse/$prior-approval-determination',
  ])
    expect((await request(app).post(`/fhir/${path}`).send({})).status).toBe(401);
  for (const path of ['Questionnaire/prior-approval-6.01.VT204', 'ValueSet/indication-spine-infection'])
    expect((await request(app).get(`/fhir/${path}`)).status).toBe(401);
  // The service ids the spec enumerates are the ones discovery lists.
  const discovery = (await request(app).get('/cds-services')).body as { services: Array<{ id: string }> };
  expect(spec).toContain(`enum: [${discovery.services.map((s) => s.id).join(', ')}]`);
});

test('the Deployment probes readiness on /readyz and liveness on /healthz, on the port the image listens on', () => {
  const deployment = read('deploy/k8s/deployment.yaml');
  expect(deployment).toMatch(/readinessProbe:\n\s+httpGet: \{ path: \/readyz, port: http \}/);
  expect(deployment).toMatch(/livenessProbe:\n\s+httpGet: \{ path: \/healthz, port: http \}/);
  expect(deployment).toMatch(/- name: http\n\s+containerPort: 3000/);
  expect(read('Dockerfile')).toMatch(/ENV NODE_ENV=production PORT=3000/);
  for (const name of ['CDS_CONFIG', 'DATABASE_URL', 'REDIS_URL']) {
    expect(deployment).toContain(`- name: ${name}`);
    expect(read('src/app/load-config.ts')).toContain(`env.${name}`);
  }
  const hpa = read('deploy/k8s/hpa.yaml');
  expect(hpa).toMatch(/kind: HorizontalPodAutoscaler/);
  expect(hpa).toMatch(/name: cpu/);
  expect(hpa).toMatch(/name: spect-cds\n/);
});
