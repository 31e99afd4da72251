/**
 * Demo mode over real HTTP: every synthetic patient gets the answer its case stands for when the demo EHR calls the
 * service as the page does (signed JWT from the demo API, FHIR API or prefetch); the demo API hands out credentials
 * only to loopback; the demo key is trusted by demo mode only; feedback shows up on the policy view.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceRequest } from 'fhir/r4.js';
import request from 'supertest';
import { DETERMINATION_EXTENSION_KEY } from '../../src/cards/determination-extension.js';
import { DEMO_ISSUER } from '../../src/demo/demo-client.js';
import type { PolicyView } from '../../src/demo/policy-view.js';
import {
  type Catalogue,
  draftOrders,
  feedbackItem,
  hookRequest,
  renderTemplate,
} from '../../src/demo/public/orders.js';
import type { DemoPatient } from '../../src/demo/synthetic-patients.js';
import { buildTestApp } from '../support/test-app.js';
import { type DemoService, startDemoService } from './demo-service.js';

interface Session {
  baseUrl: string;
  fhirServer: string;
  fhirAccessToken: string;
  userId: string;
  patients: DemoPatient[];
  catalogue: Catalogue;
}
interface AnsweredCard {
  uuid: string;
  summary: string;
  indicator: string;
  suggestions?: Array<{ uuid: string; label: string }>;
  overrideReasons?: Array<{ system: string; code: string; display: string }>;
  extension?: Record<string, { outcome: string; findings: Array<{ code: string }> }>;
}

let demo: DemoService;
let session: Session;

beforeAll(async () => {
  demo = await startDemoService();
  session = (await request(demo.baseUrl).get('/demo/api/session').expect(200)).body as Session;
}, 30_000);
afterAll(() => demo.close());

async function jwt(aud: string): Promise<string> {
  const res = await request(demo.baseUrl).post('/demo/api/jwt').send({ aud }).expect(200);
  return (res.body as { token: string }).token;
}

async function prefetchFor(patientId: string): Promise<Record<string, unknown>> {
  const discovery = (await request(demo.baseUrl).get('/cds-services').expect(200)).body as {
    services: Array<{ prefetch?: Record<string, string> }>;
  };
  const templates = discovery.services[0]?.prefetch ?? {};
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

async function callHook(
  patient: DemoPatient,
  hook: 'order-select' | 'order-sign',
  options: { withMri?: boolean; prefetch?: boolean; drafts?: ServiceRequest[] } = {},
) {
  const drafts =
    options.drafts ??
    draftOrders({
      patientId: patient.id,
      userId: session.userId,
      catalogue: session.catalogue,
      site: patient.draft.site,
      cpt: patient.draft.cpt,
      reasonText: patient.draft.reasonText,
      withMri: options.withMri,
    });
  const serviceId = hook === 'order-sign' ? 'spect-spine-order-sign' : 'spect-spine-order-select';
  const body = hookRequest({
    hook,
    hookInstance: randomUUID(),
    patientId: patient.id,
    userId: session.userId,
    drafts,
    fhirServer: session.fhirServer,
    fhirAccessToken: session.fhirAccessToken,
    prefetch: options.prefetch ? await prefetchFor(patient.id) : undefined,
  });
  const aud = `${session.baseUrl}/cds-services/${serviceId}`;
  const res = await request(demo.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${await jwt(aud)}`)
    .send(body);
  return {
    status: res.status,
    body: res.body as { cards: AnsweredCard[]; systemActions?: unknown[] },
    serviceId,
  };
}

function determinationsOf(cards: AnsweredCard[]) {
  return cards.map((card) => card.extension?.[DETERMINATION_EXTENSION_KEY]);
}

const patientById = (id: string) => session.patients.find((p) => p.id === id)!;

/** Case -> what the policy must answer for its default draft (outcome, finding codes). */
const EXPECTED: Record<string, { outcome: string; findings?: string[] } | 'none'> = {
  'demo-infection': { outcome: 'meets-criteria' },
  'demo-necrosis': { outcome: 'meets-criteria' },
  'demo-spondylolysis': { outcome: 'meets-criteria' },
  'demo-missing-mri': { outcome: 'needs-documentation', findings: ['missing-prior-mri'] },
  'demo-missing-imaging': { outcome: 'needs-documentation', findings: ['missing-prior-imaging'] },
  'demo-simultaneous': { outcome: 'needs-documentation', findings: ['simultaneous-advanced-imaging'] },
  'demo-investigational': { outcome: 'investigational', findings: ['investigational-surgical-planning'] },
  'demo-not-necessary': { outcome: 'not-medically-necessary', findings: ['no-qualifying-indication'] },
  'demo-knee': 'none',
};

test('the session lists one patient per kind of case, with a FHIR base on loopback', () => {
  expect(session.patients.map((p) => p.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  expect(session.fhirServer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
  expect(session.baseUrl).toBe(demo.baseUrl);
});

describe.each(Object.entries(EXPECTED))('%s on order-sign through the FHIR API', (id, expected) => {
  test('gets the answer its case stands for', async () => {
    const { status, body } = await callHook(patientById(id), 'order-sign');
    expect(status).toBe(200);
    if (expected === 'none') {
      expect(body.cards).toEqual([]);
      return;
    }
    const determinations = determinationsOf(body.cards);
    expect(determinations.length).toBeGreaterThan(0);
    expect(determinations[0]?.outcome).toBe(expected.outcome);
    const findings = determinations[0]?.findings.map((f) => f.code) ?? [];
    for (const code of expected.findings ?? []) expect(findings).toContain(code);
    // Coverage is on file for every demo patient, so CRD coverage information comes with the cards.
    expect(body.systemActions?.length).toBe(1);
  });
});

test('prefetch filled by the EHR gives the same answer as the FHIR API', async () => {
  const viaFhir = await callHook(patientById('demo-missing-mri'), 'order-select');
  const viaPrefetch = await callHook(patientById('demo-missing-mri'), 'order-select', { prefetch: true });
  expect(viaPrefetch.status).toBe(200);
  expect(determinationsOf(viaPrefetch.body.cards).map((d) => d?.findings.map((f) => f.code))).toEqual(
    determinationsOf(viaFhir.body.cards).map((d) => d?.findings.map((f) => f.code)),
  );
});

test('an MRI drafted beside the SPECT is simultaneous imaging', async () => {
  const { body } = await callHook(patientById('demo-infection'), 'order-sign', { withMri: true });
  const findings = determinationsOf(body.cards).flatMap((d) => d?.findings.map((f) => f.code) ?? []);
  expect(findings).toContain('simultaneous-advanced-imaging');
});

test('a call without a JWT is refused: the demo calls the service as an EHR must', async () => {
  const res = await request(demo.baseUrl).post('/cds-services/spect-spine-order-sign').send({});
  expect(res.status).toBe(401);
});

test('the demo key is trusted in demo mode only', async () => {
  const aud = 'https://cds.test.example/cds-services/spect-spine-order-sign';
  // A service configured without the demo client (any config file) does not know the demo issuer.
  const { app } = buildTestApp(
    (await import('../../src/app/load-config.js')).parseConfig(
      { baseUrl: 'https://cds.test.example' },
      'test',
    ),
  );
  const token = (
    await request(demo.baseUrl)
      .post('/demo/api/jwt')
      .send({ aud: `${demo.baseUrl}/cds-services/x` })
  ).body.token as string;
  const res = await request(app)
    .post('/cds-services/spect-spine-order-sign')
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(401);
  expect(demo.demo.config.clients.map((c) => c.iss)).toEqual([DEMO_ISSUER]);
  expect(aud).toContain('cds-services');
});

test('the JWT endpoint signs only audiences of this service', async () => {
  await request(demo.baseUrl)
    .post('/demo/api/jwt')
    .send({ aud: 'https://elsewhere.example/cds-services/x' })
    .expect(400);
  await request(demo.baseUrl).post('/demo/api/jwt').send({}).expect(400);
});

test('the demo API refuses a Host that is not loopback (DNS rebinding)', async () => {
  const res = await request(demo.baseUrl).get('/demo/api/session').set('Host', 'attacker.example:80');
  expect(res.status).toBe(403);
  expect(JSON.stringify(res.body)).not.toContain(session.fhirAccessToken);
  await request(demo.baseUrl)
    .post('/demo/api/jwt')
    .set('Host', 'attacker.example')
    .send({ aud: 'x' })
    .expect(403);
});

test('the pages are served with a strict content security policy', async () => {
  const page = await request(demo.baseUrl).get('/demo').expect(200);
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  await request(demo.baseUrl).get('/demo/policy').expect(200);
  const script = await request(demo.baseUrl).get('/demo/assets/orders.js').expect(200);
  expect(script.headers['content-type']).toContain('javascript');
});

test('feedback sent as an EHR does is counted per kind of card on the policy view', async () => {
  const before = (await request(demo.baseUrl).get('/demo/api/policy').expect(200)).body as PolicyView & {
    feedback: {
      cards: Array<{
        kind: { code: string };
        accepted: number;
        overridden: number;
        overrideReasons: Record<string, number>;
      }>;
    };
  };
  const count = (view: typeof before, code: string) => view.feedback.cards.find((c) => c.kind.code === code)!;
  const { body, serviceId } = await callHook(patientById('demo-missing-mri'), 'order-sign');
  const card = body.cards[0]!;
  const reason = card.overrideReasons![0]!;
  const feedbackUrl = `${session.baseUrl}/cds-services/${serviceId}/feedback`;
  for (const item of [
    feedbackItem({ card, overrideReason: reason, userComment: 'MRI done at another hospital' }),
    feedbackItem({ card, suggestion: card.suggestions![0]! }),
  ]) {
    await request(demo.baseUrl)
      .post(`/cds-services/${serviceId}/feedback`)
      .set('Authorization', `Bearer ${await jwt(feedbackUrl)}`)
      .send({ feedback: [item] })
      .expect(200);
  }
  const after = (await request(demo.baseUrl).get('/demo/api/policy').expect(200)).body as typeof before;
  expect(count(after, 'missing-prior-mri').overridden).toBe(
    count(before, 'missing-prior-mri').overridden + 1,
  );
  expect(count(after, 'missing-prior-mri').accepted).toBe(count(before, 'missing-prior-mri').accepted + 1);
  expect(count(after, 'missing-prior-mri').overrideReasons[reason.display]).toBeGreaterThanOrEqual(1);
  expect(after.criteria.find((c) => c.bullet === 'MN-1')?.sentence).toMatch(/infection/i);
  // Each bullet shows the words its cards use: MN-10's prior-imaging card is the wording written for it.
  const mn10 = after.criteria.find((c) => c.bullet === 'MN-10')!.cards;
  expect(mn10.filter((c) => c.kind.code === 'missing-prior-imaging')).toEqual([
    expect.objectContaining({
      criterion: 'spondylolysis-spondylolisthesis',
      summary: expect.stringMatching(/direct management/),
    }),
  ]);
});
