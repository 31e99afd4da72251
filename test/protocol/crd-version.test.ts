/**
 * Discovery's CRD declarations and the request's CRD keys, over signed HTTP: `davinci-crd.version` on every service
 * (dev-1/2), `davinci-crd.requestedVersion` choosing the answer's shape (dev-3), and every declared
 * `davinci-crd.configuration-options` entry complete (dev-4/5/7) and honoured, unknown ones ignored (dev-14/17).
 * The charts are the acceptance scenarios', so every card type the service can emit is exercised.
 */
import request from 'supertest';
import { loadCardTexts } from '../../src/app/load-cards.js';
import { cardTopicsIn } from '../../src/protocol/crd-configuration.js';
import { ALL_SCENARIOS } from '../acceptance/cases/index.js';
import { EHR_FHIR_BASE } from '../acceptance/fixtures/fhir.js';
import { hookRequest, SERVICE_ID } from '../acceptance/request.js';
import type { Scenario } from '../acceptance/scenario.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const COVERAGE_INFO_URL = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
const THO_CARD_TYPE = 'http://terminology.hl7.org/CodeSystem/cdshooks-card-type';
const CRD_TEMP = 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp';

interface Card {
  summary: string;
  source: { topic: { system: string; code: string } };
}
interface Answer {
  status: number;
  cards: Card[];
  systemActions?: Array<{
    resource: { extension: Array<{ url: string; extension: Array<Record<string, unknown>> }> };
  }>;
  body: Record<string, unknown>;
}

let client: TestClient;
let harness: TestApp;
beforeAll(async () => {
  client = await createTestClient({ fhirServers: [EHR_FHIR_BASE] });
  // Every scenario, several times, from one client at full speed: the rate limit is not what this file is about.
  harness = buildTestApp(
    testConfig([client], { rateLimit: { requestsPerSecond: 100_000, burst: 1_000_000 } }),
  );
});

async function call(scenario: Scenario, extension?: Record<string, unknown>): Promise<Answer> {
  const serviceId = SERVICE_ID[scenario.hook ?? 'order-sign'];
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
  const body = { ...hookRequest(scenario), ...(extension ? { extension } : {}) };
  const res = await request(harness.app)
    .post(`/cds-services/${serviceId}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(body);
  return {
    status: res.status,
    cards: res.body.cards ?? [],
    systemActions: res.body.systemActions,
    body: res.body,
  };
}

const byId = (id: string) => ALL_SCENARIOS.find((s) => s.id === id)!;

describe('discovery', () => {
  it('every service declares the CRD versions it meets and a complete option per card type it emits', async () => {
    const res = await request(harness.app).get('/cds-services').expect(200);
    const topics = cardTopicsIn(loadCardTexts());
    for (const service of res.body.services) {
      expect(service.extension['davinci-crd.version']).toEqual(['2.0', '2.2']);
      const options = service.extension['davinci-crd.configuration-options'] as Array<
        Record<string, unknown>
      >;
      for (const option of options) {
        expect(Object.keys(option).sort()).toEqual(['code', 'default', 'description', 'name', 'type']);
        expect(String(option.name)).not.toBe(option.code);
        expect(String(option.description).length).toBeGreaterThan(30);
      }
      const booleans = options.filter((o) => o.type === 'boolean');
      expect(booleans.map((o) => o.code).sort()).toEqual([...topics].sort());
      expect(booleans.every((o) => o.default === true)).toBe(true);
      expect(options.filter((o) => o.type === 'integer').map((o) => [o.code, o.default])).toEqual([
        ['max-cards', 10],
      ]);
    }
  });
});

describe('davinci-crd.configuration: every declared option is honoured', () => {
  it('switching a card type off removes exactly that type, for every type the scenarios produce', async () => {
    const seen = new Map<string, Scenario>();
    for (const scenario of ALL_SCENARIOS.filter((s) => !s.refused)) {
      for (const card of (await call(scenario)).cards) seen.set(card.source.topic.code, scenario);
    }
    // Not vacuous: the scenarios produce every card type discovery declares.
    expect([...seen.keys()].sort()).toEqual(cardTopicsIn(loadCardTexts()).sort());
    for (const [topic, scenario] of seen) {
      const all = await call(scenario);
      const off = await call(scenario, { 'davinci-crd.configuration': { [topic]: false } });
      expect(off.status).toBe(200);
      const kept = (answer: Answer) =>
        answer.cards.filter((c) => c.source.topic.code !== topic).map((c) => c.summary);
      expect(off.cards.map((c) => c.summary)).toEqual(kept(all));
      // coverage-info also governs the system action; any other type leaves it alone.
      expect(Boolean(off.systemActions?.length)).toBe(
        topic === 'coverage-info' ? false : Boolean(all.systemActions?.length),
      );
    }
  });

  it('max-cards caps the cards; unknown codes, and declared codes with the wrong type, are ignored', async () => {
    // A scenario answered with several cards and a system action.
    let scenario: Scenario | undefined;
    let all: Answer | undefined;
    for (const candidate of ALL_SCENARIOS.filter(
      (s) => !s.refused && (s.hook ?? 'order-sign') === 'order-sign',
    )) {
      all = await call(candidate);
      scenario = candidate;
      if (all.cards.length > 1 && all.systemActions?.length) break;
    }
    if (!scenario || !all) throw new Error('no scenario');
    expect(all.cards.length).toBeGreaterThan(1);
    expect((await call(scenario, { 'davinci-crd.configuration': { 'max-cards': 1 } })).cards).toHaveLength(1);
    const ignored = await call(scenario, {
      'davinci-crd.configuration': {
        'alt-orders': false,
        'max-cards': '1',
        'coverage-info': 'false',
        cost: false,
      },
    });
    expect(ignored.cards.map((c) => c.summary)).toEqual(all.cards.map((c) => c.summary));
    expect(ignored.systemActions).toHaveLength(all.systemActions!.length);
  });
});

describe('davinci-crd.requestedVersion', () => {
  const investigational = byId('INV-1');
  const policyLinkDetail = (answer: Answer) =>
    answer
      .systemActions![0]!.resource.extension.find((e) => e.url === COVERAGE_INFO_URL)!
      .extension.filter((part) => part.url === 'detail')
      .map((part) => (part.extension as Array<{ url: string }>).map((p) => p.url));

  it('absent (a CRD 2.0.1 client, which has no such key): 2.0 shapes, temp card-type system', async () => {
    const answer = await call(investigational);
    expect(answer.status).toBe(200);
    expect(new Set(answer.cards.map((c) => c.source.topic.system))).toEqual(new Set([CRD_TEMP]));
    expect(policyLinkDetail(answer)).toEqual([['code', 'value', 'qualification']]);
  });

  it.each(['2.2', '2.2.1'])(
    '"%s": 2.2 shapes, THO card-type system, detail with a category',
    async (version) => {
      const answer = await call(investigational, { 'davinci-crd.requestedVersion': version });
      expect(answer.status).toBe(200);
      expect(new Set(answer.cards.map((c) => c.source.topic.system))).toEqual(new Set([THO_CARD_TYPE]));
      expect(policyLinkDetail(answer)).toEqual([['category', 'code', 'value', 'qualification']]);
    },
  );

  it.each([['2.1'], ['3.0'], [2.2]])(
    '%j, a version not declared: 422 with an OperationOutcome',
    async (version) => {
      const answer = await call(investigational, { 'davinci-crd.requestedVersion': version });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'not-supported' }],
      });
      expect(JSON.stringify(answer.body)).toMatch(/answers CRD 2\.0 and 2\.2 only/);
    },
  );
});
