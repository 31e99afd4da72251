/**
 * The scenario catalogue itself meets the Done-when: at least 60 scenarios, unique ids, and at least three
 * patients meeting each of the ten indications. Guards the specification against being thinned out.
 */
import { loadPolicy } from '../../src/app/load-policy.js';
import { ALL_SCENARIOS } from './cases/index.js';

describe('scenario catalogue', () => {
  test('has at least 60 scenarios with unique ids', () => {
    expect(ALL_SCENARIOS.length).toBeGreaterThanOrEqual(60);
    const ids = ALL_SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(loadPolicy().indicationIds.map((id) => [id]))('at least three patients meet %s', (indication) => {
    const patients = ALL_SCENARIOS.filter(
      (s) =>
        s.expect !== 'none' &&
        s.expect.some((e) => e.outcome === 'meets-criteria' && e.criteriaMet.includes(indication)),
    );
    expect(patients.length).toBeGreaterThanOrEqual(3);
  });

  test('every expected order is one of the scenario drafts, and order-select scenarios select it', () => {
    for (const s of ALL_SCENARIOS) {
      if (s.expect === 'none') continue;
      const draftIds = s.drafts.map((d) => d.id);
      for (const e of s.expect) {
        expect({ scenario: s.id, order: e.order, isDraft: draftIds.includes(e.order) }).toEqual({
          scenario: s.id,
          order: e.order,
          isDraft: true,
        });
        if (s.hook === 'order-select') expect(s.selections).toContain(`ServiceRequest/${e.order}`);
      }
    }
  });
});
