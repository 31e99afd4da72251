/**
 * Acceptance: which orders a hook call evaluates (spine SPECT only; all drafts on order-sign, the selections on
 * order-select), one determination per order, cards without a system action when there is no Coverage, and the
 * card source label following the configuration.
 */

import { HOOK_GROUPS } from './cases/index.js';
import { infectionScenarios } from './cases/infection.js';
import { type AcceptanceService, startService } from './harness.js';
import { rows, runScenario } from './run-scenario.js';

let service: AcceptanceService;
beforeAll(async () => {
  service = await startService();
});

describe.each(HOOK_GROUPS)('%s', (_group, scenarios) => {
  test.each(rows(scenarios))('%s', async (_name, scenario) => {
    await runScenario(service, scenario);
  });
});

describe('configuration', () => {
  test('source.label follows the configured insurer name', async () => {
    const renamed = await startService({ insurerName: 'Blue Cross and Blue Shield of Vermont' });
    expect(renamed.settings.insurerName).toBe('Blue Cross and Blue Shield of Vermont');
    await runScenario(renamed, infectionScenarios[0]!);
  });
});
