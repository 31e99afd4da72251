import request from 'supertest';
import { loadPolicy } from '../../src/app/load-policy.js';
import { policyPrefetchTemplates } from '../../src/app/prefetch.js';
import { ORDER_SELECT_SERVICE, ORDER_SIGN_SERVICE } from '../support/hook-request.js';
import { createTestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

describe('discovery GET /cds-services', () => {
  it('lists an order-select and an order-sign service with prefetch and CRD configuration options', async () => {
    const { app } = buildTestApp(testConfig([await createTestClient()]));
    const res = await request(app).get('/cds-services').expect(200).expect('Content-Type', /json/);

    const services = res.body.services as Array<Record<string, unknown>>;
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      [ORDER_SELECT_SERVICE, 'order-select'],
      [ORDER_SIGN_SERVICE, 'order-sign'],
    ]);
    for (const service of services) {
      expect(typeof service.title).toBe('string');
      expect(String(service.description)).toMatch(/6\.01\.VT204/);
      expect(service.prefetch).toEqual(policyPrefetchTemplates(loadPolicy()));
      expect(String(service.usageRequirements)).toMatch(/JWT/);
      const options = (service.extension as Record<string, Array<Record<string, unknown>>>)[
        'davinci-crd.configuration-options'
      ];
      const codes = options?.map((o) => o.code);
      expect(codes).toContain('coverage-info');
      expect(new Set(codes).size).toBe(codes?.length);
      expect(options?.find((o) => o.code === 'coverage-info')).toMatchObject({
        type: 'boolean',
        default: true,
      });
      expect(options?.find((o) => o.code === 'max-cards')).toMatchObject({ type: 'integer', default: 10 });
    }
  });

  it('is open: needs no JWT and ignores a bogus Authorization header', async () => {
    const { app } = buildTestApp(testConfig([]));
    await request(app).get('/cds-services').expect(200);
    const res = await request(app).get('/cds-services').set('Authorization', 'Bearer not-a-jwt').expect(200);
    expect(res.body.services).toHaveLength(2);
  });

  it('answers other methods on /cds-services with 405 and an OperationOutcome', async () => {
    const { app } = buildTestApp(testConfig([]));
    const res = await request(app).post('/cds-services').send({}).expect(405);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});

describe('health and unknown routes', () => {
  it('GET /healthz answers ok', async () => {
    const { app } = buildTestApp(testConfig([]));
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('an unknown path is a 404 OperationOutcome', async () => {
    const { app } = buildTestApp(testConfig([]));
    const res = await request(app).get('/nothing-here').expect(404);
    expect(res.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found' }],
    });
  });
});
