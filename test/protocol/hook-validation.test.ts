import request from 'supertest';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let client: TestClient;
let harness: TestApp;

beforeAll(async () => {
  client = await createTestClient();
  harness = buildTestApp(testConfig([client]));
});

/** POSTs with a valid JWT and asserts the status. */
async function post(serviceId: string, body: unknown, status: number) {
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  const req = request(harness.app).post(`/cds-services/${serviceId}`).set('Authorization', `Bearer ${jwt}`);
  const sent =
    typeof body === 'string'
      ? req.set('Content-Type', 'application/json').send(body)
      : req.send(body as object);
  return sent.expect(status);
}

function diagnostics(body: { issue?: Array<{ diagnostics?: string }> }): string {
  return (body.issue ?? []).map((issue) => issue.diagnostics).join(' | ');
}

describe('hook request validation', () => {
  it('accepts a valid order-sign call', async () => {
    await post(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: osteomyelitisPrefetch() }), 200);
  });

  it('400 required when context.patientId is missing', async () => {
    const body = orderSignBody({ prefetch: osteomyelitisPrefetch() });
    delete (body.context as Record<string, unknown>).patientId;
    const res = await post(ORDER_SIGN_SERVICE, body, 400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0]).toMatchObject({
      severity: 'error',
      code: 'required',
      expression: ['context.patientId'],
    });
    expect(diagnostics(res.body)).toMatch(/context\.patientId: is required/);
  });

  it('400 when the hook does not match the service', async () => {
    const body = { ...orderSignBody({ prefetch: osteomyelitisPrefetch() }), hook: 'order-select' };
    const res = await post(ORDER_SIGN_SERVICE, body, 400);
    expect(res.body.issue[0].code).toBe('invalid');
    expect(diagnostics(res.body)).toMatch(/^hook: .*order-sign.*order-select/);
  });

  it('400 when order-select has no selections', async () => {
    const body = orderSelectBody({ prefetch: osteomyelitisPrefetch() });
    delete (body.context as Record<string, unknown>).selections;
    const res = await post(ORDER_SELECT_SERVICE, body, 400);
    expect(diagnostics(res.body)).toMatch(/context\.selections: is required/);
  });

  it('400 structure when hookInstance has the wrong type, naming the path', async () => {
    const res = await post(ORDER_SIGN_SERVICE, { ...orderSignBody(), hookInstance: 42 }, 400);
    expect(res.body.issue[0]).toMatchObject({ code: 'structure', expression: ['hookInstance'] });
  });

  it('400 when hookInstance is empty', async () => {
    const res = await post(ORDER_SIGN_SERVICE, { ...orderSignBody(), hookInstance: '' }, 400);
    expect(diagnostics(res.body)).toMatch(/^hookInstance: /);
  });

  it('400 when draftOrders is not a Bundle', async () => {
    const body = orderSignBody();
    (body.context as Record<string, unknown>).draftOrders = { resourceType: 'List', entry: [] };
    const res = await post(ORDER_SIGN_SERVICE, body, 400);
    expect(diagnostics(res.body)).toMatch(/context\.draftOrders\.resourceType/);
  });

  it('400 when a draftOrders entry has no resourceType, naming the entry', async () => {
    const body = orderSignBody();
    (body.context as Record<string, unknown>).draftOrders = {
      resourceType: 'Bundle',
      entry: [{ resource: { id: 'x' } }],
    };
    const res = await post(ORDER_SIGN_SERVICE, body, 400);
    expect(diagnostics(res.body)).toMatch(
      /context\.draftOrders\.entry\[0\]\.resource\.resourceType: is required/,
    );
  });

  it.each([
    ['status is a number', { status: 42 }, /resource\.status: expected string/],
    ['code is a bare string', { code: '78830' }, /resource\.code: expected object/],
    ['bodySite is not a list', { bodySite: { text: 'lumbar' } }, /resource\.bodySite: expected array/],
    [
      'a reason coding has a numeric code',
      { reasonCode: [{ coding: [{ code: 7 }] }] },
      /reasonCode\[0\]\.coding\[0\]\.code/,
    ],
    [
      'authoredOn is not a FHIR dateTime',
      { authoredOn: 'yesterday' },
      /resource\.authoredOn: must be a FHIR dateTime/,
    ],
    ['the id is missing', { id: undefined }, /resource\.id: is required/],
  ])(
    '400 when a draft ServiceRequest is malformed (%s), naming the field',
    async (_name, change, message) => {
      const body = orderSignBody({ prefetch: osteomyelitisPrefetch() });
      const draftOrders = (body.context as { draftOrders: { entry: Array<{ resource: object }> } })
        .draftOrders;
      draftOrders.entry[0]!.resource = JSON.parse(
        JSON.stringify({ ...draftOrders.entry[0]!.resource, ...change }),
      );
      const res = await post(ORDER_SIGN_SERVICE, body, 400);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(diagnostics(res.body)).toMatch(/context\.draftOrders\.entry\[0\]\.resource\./);
      expect(diagnostics(res.body)).toMatch(message);
    },
  );

  it('does not check fields of other draft resources (a MedicationRequest is not read by this policy)', async () => {
    const body = orderSignBody({ prefetch: osteomyelitisPrefetch() });
    const draftOrders = (body.context as { draftOrders: { entry: Array<{ resource: object }> } }).draftOrders;
    draftOrders.entry.push({ resource: { resourceType: 'MedicationRequest', id: 'm1', status: 42 } });
    await post(ORDER_SIGN_SERVICE, body, 200);
  });

  it('400 when fhirServer is not an http(s) URL', async () => {
    const res = await post(ORDER_SIGN_SERVICE, orderSignBody({ fhirServer: 'file:///etc/passwd' }), 400);
    expect(diagnostics(res.body)).toMatch(/^fhirServer: /);
  });

  it('400 when fhirAuthorization comes without fhirServer', async () => {
    const body = orderSignBody();
    delete (body as Record<string, unknown>).fhirServer;
    const res = await post(ORDER_SIGN_SERVICE, body, 400);
    expect(diagnostics(res.body)).toMatch(/fhirServer: is required when fhirAuthorization is present/);
  });

  it('400 when fhirAuthorization has no access_token', async () => {
    const body = orderSignBody();
    body.fhirAuthorization = { token_type: 'Bearer' } as never;
    const res = await post(ORDER_SIGN_SERVICE, body, 400);
    expect(diagnostics(res.body)).toMatch(/fhirAuthorization\.access_token: is required/);
  });

  it('accepts fhirAuthorization without expires_in (lenient, cds-hooks/sandbox#65)', async () => {
    const body = orderSignBody({ prefetch: osteomyelitisPrefetch() });
    const { expires_in: _omit, ...auth } = body.fhirAuthorization as Record<string, unknown>;
    await post(ORDER_SIGN_SERVICE, { ...body, fhirAuthorization: auth }, 200);
  });

  it('ignores unknown context keys, unknown top-level keys and any extension', async () => {
    const body = orderSignBody({
      prefetch: osteomyelitisPrefetch(),
      context: { 'com.example.future': { a: 1 } },
      extra: { extension: { 'com.example.ext': [1, 2] }, unexpected: true },
    });
    const res = await post(ORDER_SIGN_SERVICE, body, 200);
    expect(Array.isArray(res.body.cards)).toBe(true);
  });

  it('accepts null prefetch values (no data for that key)', async () => {
    const prefetch = { ...osteomyelitisPrefetch(), procedures: null, patient: null };
    await post(ORDER_SIGN_SERVICE, orderSignBody({ prefetch }), 200);
  });

  it('400 structure on malformed JSON', async () => {
    const res = await post(ORDER_SIGN_SERVICE, '{"hook": "order-sign", ', 400);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'structure' }] });
    expect(diagnostics(res.body)).toMatch(/not valid JSON/);
  });

  it.each([
    ['text/plain', 'hello', /expected Content-Type application\/json, got text\/plain/],
    ['text/plain; charset=utf-8', JSON.stringify(orderSignBody()), /got text\/plain$/],
    ['application/x-www-form-urlencoded', 'a=b', /got application\/x-www-form-urlencoded/],
  ])('415 "expected application/json" for a %s body, JSON or not', async (type, text, diagnostic) => {
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
    const res = await request(harness.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`)
      .set('Content-Type', type)
      .send(text)
      .expect(415);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-supported' }] });
    expect(diagnostics(res.body)).toMatch(diagnostic);
  });

  it('413 with an OperationOutcome for a 12 MB body', async () => {
    const body = { ...orderSignBody(), padding: 'x'.repeat(12 * 1024 * 1024) };
    const res = await post(ORDER_SIGN_SERVICE, body, 413);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-long' }] });
  });

  it('404 OperationOutcome for an unknown service id, before any authentication', async () => {
    const res = await request(harness.app)
      .post('/cds-services/no-such-service')
      .send(orderSignBody())
      .expect(404);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    expect(diagnostics(res.body)).toMatch(/no-such-service/);
  });

  it('405 for GET on a service endpoint', async () => {
    await request(harness.app).get(`/cds-services/${ORDER_SIGN_SERVICE}`).expect(405);
  });
});

describe('errors never leak', () => {
  it('an unexpected failure below the protocol layer is a generic 500 OperationOutcome, detail only in the log', async () => {
    const failing = buildTestApp(testConfig([client]), {
      pipeline: {
        gatherFacts: async () => {
          throw new Error('database exploded at /internal/path');
        },
      },
    });
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
    const res = await request(failing.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`)
      .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }))
      .expect(500);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'exception' }] });
    expect(JSON.stringify(res.body)).not.toMatch(/exploded/);
    expect(failing.logs.text).toMatch(/database exploded/);
  });
});
