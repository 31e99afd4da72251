/**
 * Acceptance without prefetch: the EHR sends only fhirServer + fhirAuthorization, and the service must read the
 * chart from the EHR's FHIR API (mocked with nock) to reach the same determinations as with prefetch.
 */
import nock from 'nock';
import { avascularNecrosisScenarios } from './cases/avascular-necrosis.js';
import { noCoverageScenarios, orderSelectScenarios, scopeScenarios } from './cases/hooks.js';
import { infectionScenarios } from './cases/infection.js';
import { postSurgicalScenarios } from './cases/post-surgical.js';
import { simultaneousScenarios } from './cases/simultaneous.js';
import { vocabularyScenarios } from './cases/vocabulary.js';
import { type AcceptanceService, startService } from './harness.js';
import { EHR_BASE_PATH, mockEhr } from './mock-ehr.js';
import { EHR_ACCESS_TOKEN } from './request.js';
import { rows, runScenario } from './run-scenario.js';
import type { Scenario } from './scenario.js';

const byId = (scenarios: Scenario[], id: string): Scenario => scenarios.find((s) => s.id === id)!;

/** Scenarios whose facts come from every part of the chart: conditions, imaging, orders, procedures, coverage. */
const VIA_FHIR: Scenario[] = [
  byId(infectionScenarios, 'INF-1'),
  byId(avascularNecrosisScenarios, 'AVN-2'),
  byId(avascularNecrosisScenarios, 'AVN-5'),
  byId(simultaneousScenarios, 'SIM-5'),
  byId(postSurgicalScenarios, 'PS-2'),
  byId(orderSelectScenarios, 'SEL-2'),
  byId(noCoverageScenarios, 'COV-1'),
  byId(vocabularyScenarios, 'VOC-1'),
  byId(vocabularyScenarios, 'VOC-3'),
  byId(vocabularyScenarios, 'VOC-7'),
];

const basePath = EHR_BASE_PATH;

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
  // nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
  nock.restore();
});

describe('no prefetch: facts read from the EHR FHIR server', () => {
  test.each(rows(VIA_FHIR))('%s', async (_name, scenario) => {
    const ehr = mockEhr(scenario);
    const searched: string[] = [];
    ehr.on('request', (req: { path: string }) => {
      searched.push(req.path.split('?')[0]!.slice(basePath.length + 1));
    });
    await runScenario(service, scenario, { data: 'fhir-server' });
    // The facts the policy needs can only have come from these searches.
    for (const type of ['Condition', 'ImagingStudy', 'ServiceRequest', 'Procedure']) {
      expect(searched).toContain(type);
    }
  });

  test('no spine SPECT in scope: {"cards": []} without a single FHIR query', async () => {
    const unexpected: string[] = [];
    const onNoMatch = (req: { path?: string; href?: string }) =>
      unexpected.push(String(req.href ?? req.path));
    nock.emitter.on('no match', onNoMatch);
    try {
      const answer = await service.call(byId(scopeScenarios, 'SCOPE-1'), { data: 'fhir-server' });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ cards: [] });
      expect(unexpected.filter((url) => url.includes('ehr.example.org'))).toEqual([]);
    } finally {
      nock.emitter.removeListener('no match', onNoMatch);
    }
  });

  test('the EHR access token never appears in the answer', async () => {
    const scenario = byId(infectionScenarios, 'INF-1');
    mockEhr(scenario);
    const answer = await service.call(scenario, { data: 'fhir-server' });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain(EHR_ACCESS_TOKEN);
  });
});
