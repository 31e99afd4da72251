/**
 * Acceptance, issue 11: anatomy, time, free text and the rewritten readings, over signed HTTP calls, with full
 * prefetch and with the chart read from the EHR's FHIR API (nock). Besides the whole contract (outcome, criteria,
 * findings, cards, coverage information), each case checks the evidence it names, text evidence by its quote.
 */
import nock from 'nock';
import { expectScenarioAnswer } from './assertions.js';
import { anatomyCases, type RealChartCase, readingCases, textCases, timeCases } from './cases/real-charts.js';
import { type AcceptanceService, startService } from './harness.js';
import { mockEhr } from './mock-ehr.js';
import { determinationOf } from './response.js';
import { rows } from './run-scenario.js';

async function run(service: AcceptanceService, scenario: RealChartCase, data?: 'fhir-server') {
  const answer = await service.call(scenario, data ? { data } : {});
  expect({ scenario: scenario.id, status: answer.status }).toEqual({ scenario: scenario.id, status: 200 });
  expectScenarioAnswer(scenario, answer.body, service.settings, answer.coverageRef);
  // Over the wire the determination extension cites finding evidence by reference; criteria evidence and text
  // quotes reach the reviewer in the card detail (the cards layer renders each evidence line).
  const dets = answer.body.cards.map(determinationOf).filter((d) => d !== undefined) as unknown as {
    findings: { code: string; evidence: string[] }[];
  }[];
  const details = answer.body.cards.map((c) => (c as { detail?: string }).detail ?? '').join('\n');
  for (const e of scenario.evidence ?? []) {
    const findingRefs = dets.flatMap((d) =>
      d.findings.filter((f) => f.code === e.of).flatMap((f) => f.evidence),
    );
    const isFinding = dets.some((d) => d.findings.some((f) => f.code === e.of));
    if (isFinding)
      expect({ scenario: scenario.id, refs: findingRefs }).toMatchObject({
        refs: expect.arrayContaining([e.reference]),
      });
    if (e.quote !== undefined)
      expect({ scenario: scenario.id, quoted: details.includes(e.quote) }).toEqual({
        scenario: scenario.id,
        quoted: true,
      });
  }
}

const CLASSES: Array<[string, RealChartCase[]]> = [
  ['anatomy: "of the suspicious area", the region of the disease and of the order', anatomyCases],
  ['time: abatement, onset and look-back windows', timeCases],
  ['free text: negation, possibility, pseudo-negation, text-only Conditions', textCases],
  ['readings rewritten in docs/policy.md', readingCases],
];

let service: AcceptanceService;
beforeAll(async () => {
  service = await startService();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe.each(CLASSES)('%s', (_name, cases) => {
  test.each(rows(cases))('prefetch: %s', async (_title, scenario) => {
    await run(service, scenario as RealChartCase);
  });
  test.each(rows(cases))('no prefetch (FHIR API): %s', async (_title, scenario) => {
    mockEhr(scenario as RealChartCase);
    await run(service, scenario as RealChartCase, 'fhir-server');
  });
});

test('each class has at least five cases', () => {
  for (const [, cases] of CLASSES) expect(cases.length).toBeGreaterThanOrEqual(5);
});
