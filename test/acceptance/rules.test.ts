/**
 * Acceptance: the not-medically-necessary and investigational statements of policy 6.01.VT204 — simultaneous
 * ordering of other advanced imaging (drafts and recent orders, the 7-day window, completed studies), surgical
 * planning for disc degeneration, degeneration alone, and medically-necessary indications winning.
 */

import { RULE_GROUPS } from './cases/index.js';
import { type AcceptanceService, startService } from './harness.js';
import { rows, runScenario } from './run-scenario.js';

let service: AcceptanceService;
beforeAll(async () => {
  service = await startService();
});

describe.each(RULE_GROUPS)('%s', (_group, scenarios) => {
  test.each(rows(scenarios))('%s', async (_name, scenario) => {
    await runScenario(service, scenario);
  });
});
