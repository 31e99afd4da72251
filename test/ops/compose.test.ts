/**
 * compose.yaml cannot be run here (no Docker engine), so it is held to what can be checked: it parses as YAML, its
 * service is built from this folder's Dockerfile and configured through the variables the service reads, the
 * config file it mounts exists and passes the server's own validation, its health check asks an endpoint the app
 * serves, and the service starts only after PostgreSQL and Redis report healthy.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import { checkConfigFile } from '../../src/cli/check-config.js';
import { testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface ComposeService {
  build?: string;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(read('compose.yaml')) as { services: Record<string, ComposeService> };
const service = compose.services['spect-cds']!;

test('three services: the service built here, PostgreSQL and Redis, each with a health check', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'spect-cds']);
  expect(service.build).toBe('.');
  for (const name of ['postgres', 'redis']) {
    expect(compose.services[name]!.image).toMatch(new RegExp(`^${name}:\\d+`));
    expect(compose.services[name]!.healthcheck?.test.length).toBeGreaterThan(1);
    expect(service.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
  }
});

test('the service is configured through the variables it reads, on the port the image listens on', () => {
  const env = service.environment ?? {};
  expect(Object.keys(env).sort()).toEqual(['CDS_CONFIG', 'DATABASE_URL', 'REDIS_URL']);
  for (const name of Object.keys(env)) expect(read('src/app/load-config.ts')).toContain(`env.${name}`);
  expect(new URL(env.DATABASE_URL!).hostname).toBe('postgres');
  expect(new URL(env.REDIS_URL!).hostname).toBe('redis');
  expect(read('Dockerfile')).toMatch(/ENV NODE_ENV=production PORT=3000/);
  expect(service.ports).toEqual(['127.0.0.1:3000:3000']);
});

test('the mounted config file exists and passes the server validation', () => {
  const mount = (service.volumes ?? []).find((v) => v.endsWith(`:${service.environment?.CDS_CONFIG}:ro`));
  expect(mount).toBeDefined();
  const file = mount!.split(':')[0]!.replace(/^\.\//, '');
  const check = checkConfigFile(file, (path) => read(path));
  expect(check.config.clients.length).toBeGreaterThan(0);
});

test('its health check asks /readyz, which the app serves', async () => {
  const probe = service.healthcheck?.test.join(' ') ?? '';
  expect(probe).toContain('http://127.0.0.1:3000/readyz');
  const { app } = buildTestApp(testConfig());
  expect((await request(app).get('/readyz')).status).toBe(200);
});
