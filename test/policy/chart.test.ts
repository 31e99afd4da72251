import { chartFor } from '../../src/policy/chart.js';
import { condition, facts, icd, order, policy, procedure, sct, study } from './builders.js';

describe('chartFor', () => {
  it('keeps counted Conditions and adds the order reasons, cited as the order', () => {
    const spect = order({ reasonCodes: [icd('M46.26')], reasonText: ['r/o discitis'] });
    const active = condition(icd('M54.50'));
    const resolved = condition(icd('M46.1'), { clinicalStatus: 'resolved' });
    const chart = chartFor(facts(spect, { conditions: [active, resolved] }), spect, policy());
    // A resolved Condition is kept as history (historical: true), which only history-accepting criteria read.
    expect(chart.conditions.map((c) => [c.reference, c.onOrder, c.historical])).toEqual([
      [active.reference, false, false],
      [resolved.reference, false, true],
      [spect.reference, true, false],
    ]);
    expect(chart.texts.map((t) => [t.where, t.text])).toEqual([['order reason', 'r/o discitis']]);
  });

  it('matches reasonReference by resource type and id, also for absolute references', () => {
    const c = condition(icd('M46.26'), {
      reference: 'https://ehr.example/fhir/Condition/42',
      clinicalStatus: 'inactive',
    });
    const spect = order({ reasonReferences: ['Condition/42'] });
    const chart = chartFor(facts(spect, { conditions: [c] }), spect, policy());
    expect(chart.conditions).toEqual([expect.objectContaining({ reference: c.reference, onOrder: true })]);
  });

  it('filters procedures and studies by status and date', () => {
    const spect = order();
    const f = facts(spect, {
      procedures: [procedure(sct('50172003')), procedure(sct('50172003'), { status: 'entered-in-error' })],
      imagingStudies: [
        study({ status: 'available', started: '2026-01-01' }),
        study({ status: 'cancelled', started: '2026-01-01' }),
        study({ status: 'available', started: '2027-01-01' }),
        study({ status: 'available', started: 'not a date' }),
      ],
    });
    const chart = chartFor(f, spect, policy());
    expect(chart.procedures).toHaveLength(1);
    expect(chart.priorStudies.map((s) => s.started)).toEqual(['2026-01-01', 'not a date']);
  });

  it('shares the order-independent part between orders, yet each order counts only its own reasons', () => {
    const cited = condition(icd('M46.26'), { reference: 'Condition/cited', clinicalStatus: 'resolved' });
    const chartOnly = condition(icd('M54.50'));
    const first = order({ reasonReferences: ['Condition/cited'] });
    const second = order();
    const f = facts(first, { conditions: [cited, chartOnly] });
    f.draftOrders.push(second);
    const a = chartFor(f, first, policy());
    const b = chartFor(f, second, policy());
    expect(a.conditions.map((c) => [c.reference, c.onOrder])).toEqual([
      ['Condition/cited', true],
      [chartOnly.reference, false],
    ]);
    // A resolved Condition is history for every order; the order that names it cites it as its reason.
    expect(b.conditions.map((c) => [c.reference, c.onOrder, c.historical])).toEqual([
      ['Condition/cited', false, true],
      [chartOnly.reference, false, false],
    ]);
    expect(a.conditionHits.get('indication-spine-infection')?.map((h) => h.condition.reference)).toEqual([
      'Condition/cited',
    ]);
    expect(b.conditionHits.get('indication-spine-infection')?.map((h) => h.condition.historical)).toEqual([
      true,
    ]);
  });

  it('sees a chart changed after an earlier evaluation of the same facts object', () => {
    const spect = order();
    const f = facts(spect, {
      conditions: [condition(icd('M54.50'))],
      imagingStudies: [study({ started: '2026-08-01' })],
    });
    expect(chartFor(f, spect, policy()).conditions).toHaveLength(1);
    f.conditions.push(condition(icd('M46.26')));
    f.imagingStudies = [];
    const later = chartFor(f, spect, policy());
    expect(later.conditions).toHaveLength(2);
    expect(later.conditionHits.get('indication-spine-infection')).toHaveLength(1);
    expect(later.priorStudies).toEqual([]);
    // The date rule reads asOf: a study after a new asOf is not prior.
    f.imagingStudies = [study({ started: '2026-08-01' })];
    expect(chartFor(f, spect, policy()).priorStudies).toHaveLength(1);
    f.asOf = '2026-07-01T00:00:00Z';
    expect(chartFor(f, spect, policy()).priorStudies).toHaveLength(0);
  });

  it('lists, per value set, the counted codes it holds, in chart order', () => {
    const spect = order({ reasonCodes: [icd('M46.25')] });
    const a = condition(icd('M46.26'));
    const unrelated = condition(icd('I10'));
    const b = condition(icd('M46.24'), { verificationStatus: 'refuted' });
    const chart = chartFor(facts(spect, { conditions: [a, unrelated, b] }), spect, policy());
    expect(chart.conditionHits.get('indication-spine-infection')?.map((h) => h.match.code.code)).toEqual([
      'M46.26',
      'M46.25',
    ]);
    expect(
      [...chart.conditionHits.values()].flat().some((h) => h.condition.reference === unrelated.reference),
    ).toBe(false);
  });
});
