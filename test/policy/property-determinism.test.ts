/**
 * fast-check: the policy is a pure function of the chart. The same facts always give the same determination,
 * evaluation never modifies its input, and the order in which the EHR lists the chart does not matter.
 */
import fc from 'fast-check';
import type { PatientFacts } from '../../src/data/facts.js';
import { evaluateOrder } from '../../src/policy/index.js';
import { patientFacts } from './arbitraries.js';
import { policy } from './builders.js';

const evaluate = (facts: PatientFacts) => evaluateOrder(facts, facts.draftOrders[0]!, policy());
const RUNS = 400;

describe('the chart generator', () => {
  it('reaches every outcome and several criteria (so the properties are not vacuous)', () => {
    const sample = fc.sample(patientFacts, { numRuns: 600, seed: 42 }).map(evaluate);
    expect(new Set(sample.map((d) => d.outcome)).size).toBe(4);
    expect(new Set(sample.flatMap((d) => d.criteriaMet)).size).toBeGreaterThanOrEqual(5);
  });
});

describe('determinism (fast-check)', () => {
  it('the same chart gives the same determination, and the chart is not modified', () => {
    fc.assert(
      fc.property(patientFacts, (facts) => {
        const snapshot = structuredClone(facts);
        const first = evaluate(facts);
        expect(evaluate(structuredClone(facts))).toEqual(first);
        expect(facts).toEqual(snapshot);
      }),
      { numRuns: RUNS },
    );
  });

  it('the order of conditions, studies, procedures and orders does not change the outcome or criteria met', () => {
    fc.assert(
      fc.property(patientFacts, fc.integer(), (facts, seed) => {
        const shuffle = <T>(items: T[]) =>
          fc.sample(fc.shuffledSubarray(items, { minLength: items.length }), { seed, numRuns: 1 })[0]!;
        const d = evaluate(facts);
        const [spect, ...others] = facts.draftOrders;
        const reordered = evaluate({
          ...facts,
          conditions: shuffle(facts.conditions),
          imagingStudies: shuffle(facts.imagingStudies),
          procedures: shuffle(facts.procedures),
          draftOrders: [spect!, ...shuffle(others)],
        });
        expect(reordered.outcome).toBe(d.outcome);
        expect(reordered.criteriaMet).toEqual(d.criteriaMet);
        expect(reordered.findings.map((f) => f.code).sort()).toEqual(d.findings.map((f) => f.code).sort());
      }),
      { numRuns: RUNS },
    );
  });
});
