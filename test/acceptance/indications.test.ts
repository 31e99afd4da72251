/**
 * Acceptance: the ten medically-necessary indications of policy 6.01.VT204, each with at least three patients and
 * its edges (prerequisite imaging missing, resolved or refuted conditions, reasons carried only by the order).
 * Real hook calls over HTTP with signed JWTs and full prefetch.
 */

import { INDICATION_GROUPS, VOCABULARY_GROUPS } from './cases/index.js';
import { type AcceptanceService, startService } from './harness.js';
import { rows, runScenario } from './run-scenario.js';

let service: AcceptanceService;
beforeAll(async () => {
  service = await startService();
});

describe.each([...INDICATION_GROUPS, ...VOCABULARY_GROUPS])('%s', (_group, scenarios) => {
  test.each(rows(scenarios))('%s', async (_name, scenario) => {
    await runScenario(service, scenario);
  });
});
