/** One scenario, end to end: send the hook call, expect 200 (or the refusal it names), check the whole contract. */
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
  if (expectRefusal(scenario, answer)) return;
  expect({ scenario: scenario.id, status: answer.status }).toEqual({ scenario: scenario.id, status: 200 });
  expectScenarioAnswer(scenario, answer.body, service.settings, answer.coverageRef);
}

/** For a scenario the service must refuse: checks the status and OperationOutcome, and says it did. */
export function expectRefusal(scenario: Scenario, answer: { status: number; body: unknown }): boolean {
  if (!scenario.refused) return false;
  const { status, issueCode } = scenario.refused;
  expect({ scenario: scenario.id, status: answer.status }).toEqual({ scenario: scenario.id, status });
  expect(answer.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: issueCode }] });
  return true;
}

/** `test.each` rows named "<id>: <title>" so the jest output reads as the specification. */
export const rows = (scenarios: Scenario[]): Array<[string, Scenario]> =>
  scenarios.map((scenario) => [`${scenario.id}: ${scenario.title}`, scenario]);
