/**
 * The DTR payer endpoint over real HTTP (supertest on the real app): $questionnaire-package per the DTR 2.1
 * operation definition (inputs, the package Bundle's order and version pinning, warnings in `outcome`, errors as
 * OperationOutcome), the CapabilityStatement, authentication with the hook clients' registry, and the audit record
 * of each package request with the coverage-assertion-id it served.
 */

import { readFileSync } from 'node:fs';
import { Fhir } from 'fhir';
import type {
  Bundle,
  OperationOutcome,
  Parameters,
  Questionnaire,
  QuestionnaireResponse,
  ValueSet,
} from 'fhir/r4.js';
import request from 'supertest';
import { parse } from 'yaml';
import { fhirBaseOf } from '../../src/dtr/fhir-routes.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { spectServiceRequest } from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const FHIR = fhirBaseOf(TEST_BASE_URL);
const OPERATION = '/fhir/Questionnaire/$questionnaire-package';
const CANONICAL = `${FHIR}/Questionnaire/prior-approval-6.01.VT204|2026-03`;

let client: TestClient;
let store: SqliteStore;
let app: ReturnType<typeof buildTestApp>['app'];

beforeAll(async () => {
  client = await createTestClient();
  store = new SqliteStore({ filename: ':memory:' });
  app = buildTestApp(testConfig([client]), { store }).app;
});
afterAll(() => store.close());

const coverage = {
  resourceType: 'Coverage',
  id: 'cov-1',
  status: 'active',
  beneficiary: { reference: 'Patient/p-1' },
  payor: [{ display: 'Blue Cross VT' }],
};
const spectOrder = spectServiceRequest({ id: 'sr-1', subject: { reference: 'Patient/p-1' } });
const kneeOrder = {
  ...spectOrder,
  id: 'sr-knee',
  code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '78830' }], text: 'SPECT/CT knee' },
  bodySite: [{ coding: [{ system: 'http://snomed.info/sct', code: '72696002', display: 'Knee' }] }],
};

function parameters(...parameter: object[]): object {
  return { resourceType: 'Parameters', parameter };
}

async function post(body: object, aud = FHIR) {
  const token = await signHookJwt(client, aud);
  return request(app)
    .post(OPERATION)
    .set('authorization', `Bearer ${token}`)
    .set('content-type', 'application/fhir+json')
    .send(JSON.stringify(body));
}

function bundleOf(body: Parameters): Bundle {
  return body.parameter!.find((p) => p.name === 'packagebundle')!.resource as Bundle;
}

describe('$questionnaire-package', () => {
  test('coverage + order + context: one package, Questionnaire first, then the draft response, then expanded value sets', async () => {
    const res = await post(
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'order', resource: spectOrder },
        { name: 'context', valueString: '6.01.VT204:assertion-1' },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const body = res.body as Parameters;
    expect(body.resourceType).toBe('Parameters');
    expect(body.parameter!.map((p) => p.name)).toEqual(['packagebundle']);
    const bundle = bundleOf(body);
    expect(bundle.type).toBe('collection');
    const types = bundle.entry!.map((e) => e.resource!.resourceType);
    expect(types[0]).toBe('Questionnaire'); // dtrb-1, oper-12
    expect(types[1]).toBe('QuestionnaireResponse');
    expect(new Set(types.slice(2))).toEqual(new Set(['ValueSet']));

    const questionnaire = bundle.entry![0]!.resource as Questionnaire;
    expect(`${questionnaire.url}|${questionnaire.version}`).toBe(CANONICAL);
    // oper-14/16: every ValueSet the questionnaire references is in the bundle, by version-pinned canonical.
    const referenced = new Set<string>();
    const walk = (items: Questionnaire['item']) => {
      for (const item of items ?? []) {
        if (item.answerValueSet) referenced.add(item.answerValueSet);
        walk(item.item);
      }
    };
    walk(questionnaire.item);
    const valueSets = bundle.entry!.slice(2).map((e) => e.resource as ValueSet);
    expect(new Set(valueSets.map((vs) => `${vs.url}|${vs.version}`))).toEqual(referenced);
    for (const ref of referenced) expect(ref).toMatch(/\|2026-03$/);
    // oper-15: expanded (every one of these is small).
    for (const vs of valueSets) {
      expect(vs.expansion?.contains?.length).toBeGreaterThan(0);
      expect(vs.expansion?.timestamp).toBeDefined();
    }

    // oper-18: the draft response names the questionnaire, the member, the coverage and the order.
    const response = bundle.entry![1]!.resource as QuestionnaireResponse;
    expect(response.questionnaire).toBe(CANONICAL);
    expect(response.subject).toEqual({ reference: 'Patient/p-1' });
    const contexts = response
      .extension!.filter((e) => e.url.endsWith('/qr-context'))
      .map((e) => e.valueReference);
    expect(contexts).toEqual([{ reference: 'Coverage/cov-1' }, { reference: 'ServiceRequest/sr-1' }]);
  });

  test('a named questionnaire canonical (with or without version) is returned; an unknown one is a warning (oper-9)', async () => {
    const res = await post(
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'questionnaire', valueCanonical: CANONICAL.split('|')[0] },
        { name: 'questionnaire', valueCanonical: 'https://elsewhere.example/Questionnaire/other|1' },
      ),
    );
    expect(res.status).toBe(200);
    const body = res.body as Parameters;
    expect(body.parameter!.map((p) => p.name)).toEqual(['packagebundle', 'outcome']);
    const outcome = body.parameter![1]!.resource as OperationOutcome;
    expect(outcome.issue.map((i) => i.severity)).toEqual(['warning']);
    expect(outcome.issue[0]!.details!.text).toContain('https://elsewhere.example/Questionnaire/other|1');
  });

  test('orders the policy does not cover get no package and an outcome that says why', async () => {
    const res = await post(
      parameters({ name: 'coverage', resource: coverage }, { name: 'order', resource: kneeOrder }),
    );
    expect(res.status).toBe(200);
    const body = res.body as Parameters;
    expect(body.parameter!.map((p) => p.name)).toEqual(['outcome']);
    expect((body.parameter![0]!.resource as OperationOutcome).issue[0]!.details!.text).toMatch(/SPECT/);
  });

  test('changedsince after the questionnaire last changed: nothing to send', async () => {
    const res = await post(
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'questionnaire', valueCanonical: CANONICAL },
        { name: 'changedsince', valueInstant: '2026-11-01T00:00:00Z' },
      ),
    );
    expect(res.status).toBe(200);
    expect((res.body as Parameters).parameter!.map((p) => p.name)).toEqual(['outcome']);
    const earlier = await post(
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'questionnaire', valueCanonical: CANONICAL },
        { name: 'changedsince', valueInstant: '2026-01-01T00:00:00Z' },
      ),
    );
    expect((earlier.body as Parameters).parameter!.map((p) => p.name)).toEqual(['packagebundle']);
  });

  test.each([
    ['no coverage', parameters({ name: 'order', resource: spectOrder }), /coverage/],
    [
      'two coverages',
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'coverage', resource: coverage },
        { name: 'order', resource: spectOrder },
      ),
      /exactly one Coverage/,
    ],
    [
      'no order, questionnaire or context (dtr-1)',
      parameters({ name: 'coverage', resource: coverage }),
      /at least one of/,
    ],
    [
      'an order of a type the operation does not take',
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'order', resource: { resourceType: 'Patient', id: 'x' } },
      ),
      /order/,
    ],
    [
      'a bad changedsince',
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'context', valueString: 'x' },
        { name: 'changedsince', valueInstant: 'yesterday' },
      ),
      /instant/,
    ],
    ['not a Parameters resource', { resourceType: 'Bundle' }, /Parameters/],
  ])('%s: 400 with an OperationOutcome that says what is wrong', async (_what, body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const outcome = res.body as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(outcome.issue)).toMatch(message);
  });

  test('callers authenticate with a JWT from a registered client, aud the FHIR base or the operation URL', async () => {
    const body = parameters(
      { name: 'coverage', resource: coverage },
      { name: 'order', resource: spectOrder },
    );
    expect((await request(app).post(OPERATION).send(body)).status).toBe(401);
    expect((await post(body, `${TEST_BASE_URL}/cds-services/spect-spine-order-sign`)).status).toBe(401);
    expect((await post(body, `${FHIR}/Questionnaire/$questionnaire-package`)).status).toBe(200);
    const stranger = await createTestClient();
    const token = await signHookJwt(stranger, FHIR);
    expect(
      (await request(app).post(OPERATION).set('authorization', `Bearer ${token}`).send(body)).status,
    ).toBe(401);
  });

  test("the hook clients' rate limit applies here too (429 with Retry-After)", async () => {
    const limited = buildTestApp(
      testConfig([client], { rateLimit: { requestsPerSecond: 0.001, burst: 1 } }),
      {
        store: new SqliteStore({ filename: ':memory:' }),
      },
    ).app;
    const body = JSON.stringify(
      parameters({ name: 'coverage', resource: coverage }, { name: 'order', resource: spectOrder }),
    );
    const call = async () =>
      request(limited)
        .post(OPERATION)
        .set('authorization', `Bearer ${await signHookJwt(client, FHIR)}`)
        .set('content-type', 'application/fhir+json')
        .send(body);
    expect((await call()).status).toBe(200);
    const second = await call();
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBeDefined();
  });

  test('every package request is audited with the assertion id it serves, the caller and what was returned', async () => {
    const before = (await store.listPackageRequests()).length;
    await post(
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'order', resource: spectOrder },
        { name: 'context', valueString: '6.01.VT204:audited-assertion' },
      ),
    );
    await post(
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'context', valueString: 'bad' },
        { name: 'changedsince', valueInstant: 'no' },
      ),
    );
    const records = (await store.listPackageRequests()).slice(before);
    expect(records).toEqual([
      expect.objectContaining({
        clientIss: client.iss,
        coverageAssertionId: '6.01.VT204:audited-assertion',
        patientId: 'p-1',
        coverage: 'Coverage/cov-1',
        orders: ['ServiceRequest/sr-1'],
        returned: [CANONICAL],
        httpStatus: 200,
      }),
      expect.objectContaining({ coverageAssertionId: 'bad', returned: [], httpStatus: 400 }),
    ]);
  });
});

describe('valid FHIR R4 (FHIR.js)', () => {
  const errors = (resource: object) =>
    (new Fhir().validate(resource, { errorOnUnexpected: true }).messages ?? [])
      .filter((m) => m.severity === 'error')
      .map((m) => `${m.location}: ${m.message}`);

  test('the output Parameters with its package, and the CapabilityStatement', async () => {
    const res = await post(
      parameters(
        { name: 'coverage', resource: coverage },
        { name: 'order', resource: spectOrder },
        { name: 'questionnaire', valueCanonical: 'https://elsewhere.example/Questionnaire/q' },
        { name: 'questionnaire', valueCanonical: CANONICAL },
      ),
    );
    expect((res.body as Parameters).parameter).toHaveLength(2);
    expect(errors(res.body)).toEqual([]);
    const metadata = (await request(app).get('/fhir/metadata')).body;
    expect(errors(metadata)).toEqual([]);
    // Every operation the CapabilityStatement names has its definition at that URL (ours served here).
    const definitions = metadata.rest[0].resource.flatMap(
      (r: { operation?: Array<{ definition: string }> }) => (r.operation ?? []).map((o) => o.definition),
    );
    expect(definitions).toContain(`${FHIR}/OperationDefinition/prior-approval-determination`);
    const definition = await request(app).get('/fhir/OperationDefinition/prior-approval-determination');
    expect(definition.status).toBe(200);
    expect(definition.body.url).toBe(`${FHIR}/OperationDefinition/prior-approval-determination`);
    expect(errors(definition.body)).toEqual([]);
  });
});

describe('the FHIR base', () => {
  test('GET /fhir/metadata: a CapabilityStatement naming the operation', async () => {
    const res = await request(app).get('/fhir/metadata');
    expect(res.status).toBe(200);
    expect(res.body.resourceType).toBe('CapabilityStatement');
    expect(res.body.fhirVersion).toBe('4.0.1');
    const q = res.body.rest[0].resource.find((r: { type: string }) => r.type === 'Questionnaire');
    expect(q.operation).toEqual([
      {
        name: 'questionnaire-package',
        definition: 'http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package',
      },
    ]);
  });

  test('the Questionnaire and its value sets resolve at their canonical URLs', async () => {
    const token = await signHookJwt(client, FHIR);
    const q = await request(app)
      .get('/fhir/Questionnaire/prior-approval-6.01.VT204')
      .set('authorization', `Bearer ${token}`);
    expect(q.status).toBe(200);
    expect(q.body.url).toBe(CANONICAL.split('|')[0]);
    const token2 = await signHookJwt(client, FHIR);
    const vs = await request(app)
      .get('/fhir/ValueSet/indication-spine-infection')
      .set('authorization', `Bearer ${token2}`);
    expect(vs.status).toBe(200);
    expect(vs.body.url).toBe(`${FHIR}/ValueSet/indication-spine-infection`);
    const token3 = await signHookJwt(client, FHIR);
    expect(
      (await request(app).get('/fhir/Questionnaire/other').set('authorization', `Bearer ${token3}`)).status,
    ).toBe(404);
  });
});

describe('docs/openapi.yaml', () => {
  const spec = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: object; $ref?: string }> }>>;
    components: { responses: Record<string, { content?: object }> };
  };
  const declared = (path: string, method: string, status: number) => {
    let r = spec.paths[path]![method]!.responses[String(status)]!;
    if (r.$ref) r = spec.components.responses[r.$ref.split('/').pop()!]!;
    return Object.keys(r.content ?? {});
  };
  const media = (res: { headers: Record<string, string> }) => res.headers['content-type']!.split(';')[0]!;

  test('the package answers carry the media types their statuses declare', async () => {
    const ok = await post(
      parameters({ name: 'coverage', resource: coverage }, { name: 'order', resource: spectOrder }),
    );
    expect(declared('/fhir/Questionnaire/$questionnaire-package', 'post', 200)).toContain(media(ok));
    const bad = await post(parameters({ name: 'coverage', resource: coverage }));
    expect(bad.status).toBe(400);
    expect(declared('/fhir/Questionnaire/$questionnaire-package', 'post', 400)).toContain(media(bad));
    const meta = await request(app).get('/fhir/metadata');
    expect(declared('/fhir/metadata', 'get', 200)).toContain(media(meta));
  });
});
