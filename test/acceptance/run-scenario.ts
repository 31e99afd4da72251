/** One scenario, end to end: send the hook call, expect 200, check the whole contract. */
import { expectScenarioAnswer } from './assertions.js';
import type { AcceptanceService } from './harness.js';
import type { HookRequestOptions } from './request.js';
import type { Scenario } from './scenario.js';

export async function runScenario(
  service: AcceptanceService,
  scenario: Scenario,
  options: HookRequestOptions = {},
): Promise<void> {
  const answer = await service.call(scenario, options);
  expect({ scenario: scenario.id, status: answer.status }).toEqual({ scenario: scenario.id, status: 200 });
  expectScenarioAnswer(scenario, answer.body, service.settings, answer.coverageRef);
}

/** `test.each` rows named "<id>: <title>" so the jest output reads as the specification. */
export const rows = (scenarios: Scenario[]): Array<[string, Scenario]> =>
  scenarios.map((scenario) => [`${scenario.id}: ${scenario.title}`, scenario]);
