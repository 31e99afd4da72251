/**
 * fast-check: a Condition whose code is in no value set of the policy (asthma, diabetes, any random code) never
 * changes a determination, whatever its status, body site or date, and however many are added.
 */
import fc from 'fast-check';
import type { PatientFacts } from '../../src/data/facts.js';
import { evaluateOrder } from '../../src/policy/index.js';
import { conditionFact, patientFacts, unrelatedCode } from './arbitraries.js';
import { policy } from './builders.js';

const evaluate = (facts: PatientFacts) => evaluateOrder(facts, facts.draftOrders[0]!, policy());

describe('unrelated Conditions (fast-check)', () => {
  it('never change the determination', () => {
    fc.assert(
      fc.property(
        patientFacts,
        fc.array(conditionFact(unrelatedCode), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (facts, extra, at) => {
          const d = evaluate(facts);
          const conditions = [...facts.conditions];
          conditions.splice(at % (conditions.length + 1), 0, ...extra);
          expect(evaluate({ ...facts, conditions })).toEqual(d);
        },
      ),
      { numRuns: 400 },
    );
  });
});
