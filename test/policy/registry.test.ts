/**
 * The policy is data: an 11th indication added to a copy of policy.json (no TypeScript edit) is compiled, checked
 * and evaluated; an undeclared finding code or region is refused at load.
 */
import { evaluateOrder, missingCardTexts } from '../../src/policy/index.js';
import { condition, facts, icd, order, policyWith } from './builders.js';

describe('indications, findings and regions are policy data', () => {
  it('an 11th indication added as data gets a determination', () => {
    const p = policyWith((def) => {
      def.bullets.push({
        id: 'MN-11',
        section: 'medically-necessary',
        text: 'Evaluation of Paget disease of bone',
      });
      def.indications.push({
        id: 'paget-disease',
        bullet: 'MN-11',
        quote: 'Evaluation of Paget disease of bone',
        requires: { conditionIn: ['indication-osseous-tumor'] },
        prerequisites: [],
      });
    });
    expect(p.indicationIds.at(-1)).toBe('paget-disease');
    const f = facts(order(), { conditions: [condition(icd('C41.2'))] });
    const d = evaluateOrder(f, f.draftOrders[0]!, p);
    expect(d.criteriaMet).toContain('paget-disease');
    expect(d.criteria.find((c) => c.criterion === 'paget-disease')?.bullet).toBe('MN-11');
    // The card texts must then speak of it: the start-up check says which entry is missing.
    expect(missingCardTexts(p, { indications: {}, findings: {} })).toContain(
      'card texts have no entry for indication "paget-disease"',
    );
  });

  it('refuses an undeclared finding code, region or window', () => {
    expect(() =>
      policyWith((def) => {
        def.indications[1].prerequisites[0].finding = 'no-such-finding';
      }),
    ).toThrow(/finding "no-such-finding" is not declared/);
    expect(() =>
      policyWith((def) => {
        def.anatomy.regions[5].covers = ['nowhere'];
      }),
    ).toThrow(/unknown region "nowhere"/);
    expect(() =>
      policyWith((def) => {
        def.simultaneous.window = 'no-window';
      }),
    ).toThrow(/unknown window "no-window"/);
  });
});
