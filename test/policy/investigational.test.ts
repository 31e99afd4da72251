import type { PatientFacts } from '../../src/data/facts.js';
import { chartFor } from '../../src/policy/chart.js';
import { findInvestigationalUse } from '../../src/policy/investigational.js';
import { condition, facts, icd, order, policy, sct } from './builders.js';

const find = (f: PatientFacts) => findInvestigationalUse(chartFor(f, f.draftOrders[0]!, policy()), policy());

describe('findInvestigationalUse', () => {
  it('degeneration + surgical-planning wording on the order', () => {
    const spect = order({ notes: ['Fusion planning: which level?'] });
    const finding = find(facts(spect, { conditions: [condition(sct('77547008'))] }));
    expect(finding).toMatchObject({ code: 'investigational-surgical-planning', bullet: 'INV-1' });
    expect(finding!.policyText).toMatch(/^The use of SPECT\/CT imaging to guide surgical planning/);
    expect(finding!.evidence).toHaveLength(2);
  });
  it('needs both the degenerative diagnosis and the planning context', () => {
    expect(find(facts(order({ notes: ['pre-op'] })))).toBeUndefined();
    expect(find(facts(order(), { conditions: [condition(icd('M47.816'))] }))).toBeUndefined();
  });
  it('a surgical-planning code on the problem list is not the order intent', () => {
    const f = facts(order(), { conditions: [condition(icd('M47.816')), condition(icd('Z01.818'))] });
    expect(find(f)).toBeUndefined();
  });
});
