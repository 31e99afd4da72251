/**
 * fast-check: adding a medically-necessary indication to a chart never makes the outcome worse
 * (meets-criteria < needs-documentation < investigational < not-medically-necessary) and never loses a criterion
 * already met. With an indication that has no prerequisite (infection), the criterion is then met.
 */
import fc from 'fast-check';
import type { ConditionFact, PatientFacts } from '../../src/data/facts.js';
import { evaluateOrder, orderRegionsOf } from '../../src/policy/index.js';
import { conditionFact, INFECTION_CODES, MN_INDICATION_CODES, patientFacts } from './arbitraries.js';
import { OUTCOME_RANK, policy, SITE } from './builders.js';

const evaluate = (facts: PatientFacts) => evaluateOrder(facts, facts.draftOrders[0]!, policy());
const RANK = OUTCOME_RANK;

/** An active, confirmed problem-list Condition of the spine with one of `codes`. */
const indication = (codes: typeof MN_INDICATION_CODES) =>
  conditionFact(fc.constantFrom(...codes)).map((c) => ({
    ...c,
    clinicalStatus: 'active',
    verificationStatus: 'confirmed',
    bodySites: [SITE.lumbar],
  }));

/**
 * The added diagnosis placed in the region the order images: since the region model, a diagnosis of another
 * region does not support the order (was: always lumbar, whatever the order's region).
 */
function placedOnOrder(f: PatientFacts, c: ConditionFact): ConditionFact {
  const p = policy();
  const ids = p.regions.idsOf(orderRegionsOf(f.draftOrders[0]!, p));
  const sites = p.definition.anatomy.regions
    .filter((r) => ids.includes(r.id) && r.bodySiteCodes.length > 0 && r.id !== 'elsewhere')
    .map((r) => ({ system: 'http://snomed.info/sct', code: r.bodySiteCodes[0]! }));
  return { ...c, bodySites: sites.length > 0 ? sites : [SITE.lumbar] };
}

describe('adding an MN indication (fast-check)', () => {
  it('any indication code: the outcome is never worse, and no criterion is lost', () => {
    fc.assert(
      fc.property(patientFacts, indication(MN_INDICATION_CODES), (facts, added) => {
        const before = evaluate(facts);
        const after = evaluate({ ...facts, conditions: [...facts.conditions, placedOnOrder(facts, added)] });
        expect(RANK[after.outcome]).toBeLessThanOrEqual(RANK[before.outcome]);
        expect(after.criteriaMet).toEqual(expect.arrayContaining(before.criteriaMet));
      }),
      { numRuns: 500 },
    );
  });

  it('an indication without prerequisites (infection) is met, and the outcome is criteria met or needs documentation', () => {
    fc.assert(
      fc.property(patientFacts, indication(INFECTION_CODES), (facts, added) => {
        const after = evaluate({ ...facts, conditions: [...facts.conditions, placedOnOrder(facts, added)] });
        expect(after.criteriaMet).toContain('infection');
        expect(['meets-criteria', 'needs-documentation']).toContain(after.outcome);
      }),
      { numRuns: 300 },
    );
  });
});
