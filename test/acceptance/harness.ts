/**
 * The service under test, assembled the way src/server.ts assembles it (real policy data, real card texts, real
 * auth), called over HTTP with signed JWTs. One registered EHR client whose FHIR server is the scenarios' EHR.
 */
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app/create-app.js';
import { loadCardTexts } from '../../src/app/load-cards.js';
import { loadPolicy } from '../../src/app/load-policy.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import type { ContractSettings } from './assertions.js';
import { EHR_FHIR_BASE } from './fixtures/fhir.js';
import { coverageOf, type HookRequestOptions, hookRequest, SERVICE_ID } from './request.js';
import type { WireResponse } from './response.js';
import type { Scenario } from './scenario.js';

export const DEFAULT_SETTINGS: ContractSettings = {
  insurerName: 'Blue Cross VT',
  policyUrl:
    'https://www.bluecrossvt.org/documents/spect-ct-imaging-evaluation-spine-corporate-medical-policy',
};

export interface ScenarioAnswer {
  status: number;
  body: WireResponse;
  /** "Coverage/<id>" the EHR holds for the patient, if any (what the coverage information must reference). */
  coverageRef: string | undefined;
}

export interface AcceptanceService {
  settings: ContractSettings;
  call(scenario: Scenario, options?: HookRequestOptions): Promise<ScenarioAnswer>;
}

// Policy and card texts are read from disk once per test file: they are the same for every scenario.
let loaded:
  | { policy: ReturnType<typeof loadPolicy>; cardTexts: ReturnType<typeof loadCardTexts> }
  | undefined;

export async function startService(overrides: Record<string, unknown> = {}): Promise<AcceptanceService> {
  loaded ??= { policy: loadPolicy(), cardTexts: loadCardTexts() };
  const client: TestClient = await createTestClient({ fhirServers: [EHR_FHIR_BASE] });
  const config = testConfig([client], overrides);
  const app: Express = createApp({
    config,
    policy: loaded.policy,
    cardTexts: loaded.cardTexts,
    logger: pino({ level: 'silent' }),
  });
  const settings: ContractSettings = { insurerName: config.insurerName, policyUrl: config.policyUrl };

  return {
    settings,
    async call(scenario, options = {}) {
      const serviceId = SERVICE_ID[scenario.hook ?? 'order-sign'];
      const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${serviceId}`);
      const response = await request(app)
        .post(`/cds-services/${serviceId}`)
        .set('Authorization', `Bearer ${jwt}`)
        .set('Content-Type', 'application/json')
        .send(hookRequest(scenario, options));
      const coverage = coverageOf(scenario);
      return {
        status: response.status,
        body: response.body as WireResponse,
        coverageRef: coverage ? `Coverage/${coverage.id}` : undefined,
      };
    },
  };
}
