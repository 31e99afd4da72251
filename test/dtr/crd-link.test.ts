/**
 * CRD links to DTR: on order-sign, a coverage assertion with doc-needed carries the questionnaire canonical
 * (CRD resp-38; crd-ci-q1: only with doc-needed) and the coverage-assertion-id the package request echoes as its
 * context; order-select asks for no documentation and carries no questionnaire (hook-19). Over real HTTP: the
 * canonical and assertion id from a signed order-sign answer fetch the package from this service's /fhir.
 */
import type { Extension, Parameters, ServiceRequest } from 'fhir/r4.js';
import request from 'supertest';
import { coverageInformationExtension } from '../../src/cards/coverage-information.js';
import { fhirBaseOf } from '../../src/dtr/fhir-routes.js';
import type { Outcome } from '../../src/policy/determination.js';
import { context, determination, shippedTexts } from '../cards/support/builders.js';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const CANONICAL = `${fhirBaseOf(TEST_BASE_URL)}/Questionnaire/prior-approval-6.01.VT204|2026-03`;
const texts = shippedTexts();

const parts = (extension: Extension | undefined) =>
  Object.fromEntries(
    (extension?.extension ?? []).map((p) => [p.url, p.valueCanonical ?? p.valueCode ?? p.valueString]),
  );

function extensionFor(outcome: Outcome, hook: 'order-select' | 'order-sign', questionnaire?: string) {
  return coverageInformationExtension(
    determination({ outcome }),
    context({ hook, ...(questionnaire ? { questionnaire } : {}) }),
    texts,
    '6.01.VT204:id-1',
  );
}

describe('the questionnaire canonical in coverage-information', () => {
  it.each(['meets-criteria', 'needs-documentation', 'not-medically-necessary'] as const)(
    '%s on order-sign: doc-needed, and with it the questionnaire',
    (outcome) => {
      const v = parts(extensionFor(outcome, 'order-sign', CANONICAL));
      expect(v['doc-needed']).toBe('clinical');
      expect(v.questionnaire).toBe(CANONICAL);
      expect(v['coverage-assertion-id']).toBe('6.01.VT204:id-1');
    },
  );

  it.each(['meets-criteria', 'needs-documentation', 'not-medically-necessary', 'investigational'] as const)(
    '%s on order-select: no doc-needed, no questionnaire (hook-19)',
    (outcome) => {
      const v = parts(extensionFor(outcome, 'order-select', CANONICAL));
      expect(v['doc-needed']).toBeUndefined();
      expect(v.questionnaire).toBeUndefined();
    },
  );

  it('investigational on order-sign: not covered, no doc-needed, so no questionnaire (crd-ci-q1)', () => {
    const v = parts(extensionFor('investigational', 'order-sign', CANONICAL));
    expect(v['doc-needed']).toBeUndefined();
    expect(v.questionnaire).toBeUndefined();
  });

  it('without a questionnaire in the context, doc-needed is given alone', () => {
    const v = parts(extensionFor('needs-documentation', 'order-sign'));
    expect(v['doc-needed']).toBe('clinical');
    expect(v.questionnaire).toBeUndefined();
  });
});

describe('over HTTP: from the order-sign answer to the package', () => {
  const coverageInformation = (body: { systemActions?: Array<{ resource?: ServiceRequest }> }) =>
    (body.systemActions ?? [])
      .flatMap((a) => a.resource?.extension ?? [])
      .find((e) => e.url.endsWith('/ext-coverage-information'));

  it('order-sign carries the canonical and the assertion id; the package request with them answers the package', async () => {
    const client = await createTestClient();
    const { app } = buildTestApp(testConfig([client]));
    const aud = `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`;
    const sign = await request(app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('authorization', `Bearer ${await signHookJwt(client, aud)}`)
      .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
    expect(sign.status).toBe(200);
    const v = parts(coverageInformation(sign.body));
    expect(v['doc-needed']).toBe('clinical');
    expect(v.questionnaire).toBe(CANONICAL);
    const assertionId = v['coverage-assertion-id'] as string;
    expect(assertionId).toMatch(/^6\.01\.VT204:/);

    const pkg = await request(app)
      .post('/fhir/Questionnaire/$questionnaire-package')
      .set('authorization', `Bearer ${await signHookJwt(client, fhirBaseOf(TEST_BASE_URL))}`)
      .send({
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'coverage',
            resource: {
              resourceType: 'Coverage',
              id: 'cov-1',
              status: 'active',
              beneficiary: { reference: 'Patient/pat-1' },
            },
          },
          { name: 'questionnaire', valueCanonical: v.questionnaire },
          { name: 'context', valueString: assertionId },
        ],
      });
    expect(pkg.status).toBe(200);
    expect((pkg.body as Parameters).parameter!.map((p) => p.name)).toEqual(['packagebundle']);
  });

  it('order-select carries no questionnaire', async () => {
    const client = await createTestClient();
    const { app } = buildTestApp(testConfig([client]));
    const aud = `${TEST_BASE_URL}/cds-services/${ORDER_SELECT_SERVICE}`;
    const res = await request(app)
      .post(`/cds-services/${ORDER_SELECT_SERVICE}`)
      .set('authorization', `Bearer ${await signHookJwt(client, aud)}`)
      .send(orderSelectBody({ prefetch: osteomyelitisPrefetch() }));
    expect(res.status).toBe(200);
    const v = parts(coverageInformation(res.body));
    expect(v['coverage-assertion-id']).toBeDefined();
    expect(v.questionnaire).toBeUndefined();
    expect(v['doc-needed']).toBeUndefined();
  });
});
