/**
 * The EHR's FHIR API for one scenario's patient, mocked with nock: every search answers from the scenario's chart,
 * only with the access token the hook call carried. Shared by the no-prefetch acceptance files.
 */
import nock from 'nock';
import type { FactTopic } from '../../src/data/facts.js';
import { TOPIC_RESOURCE_TYPE } from '../../src/data/prefetch-templates.js';
import { EHR_FHIR_BASE } from './fixtures/fhir.js';
import { chartSearchResults, EHR_ACCESS_TOKEN, patientIdOf } from './request.js';
import type { Scenario } from './scenario.js';

const { origin, pathname } = new URL(EHR_FHIR_BASE);

/** The FHIR base path on the mocked server ("/fhir"). */
export const EHR_BASE_PATH = pathname;

export function mockEhr(scenario: Scenario): nock.Scope {
  const results = chartSearchResults(scenario);
  const pid = patientIdOf(scenario);
  const scope = nock(origin, { reqheaders: { authorization: `Bearer ${EHR_ACCESS_TOKEN}` } }).persist();
  scope.get(`${pathname}/Patient/${pid}`).reply(200, results.patient);
  for (const [topic, type] of Object.entries(TOPIC_RESOURCE_TYPE) as Array<[FactTopic, string]>) {
    if (topic === 'patient') continue;
    scope
      .get(`${pathname}/${type}`)
      .query((q) => String(q.patient ?? q.subject ?? '').endsWith(pid))
      .reply(200, results[topic]);
  }
  return scope;
}
