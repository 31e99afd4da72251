import { chartFor } from '../../src/policy/chart.js';
import { condition, facts, icd, order, policy, procedure, sct, study } from './builders.js';

describe('chartFor', () => {
  it('keeps counted Conditions and adds the order reasons, cited as the order', () => {
    const spect = order({ reasonCodes: [icd('M46.26')], reasonText: ['r/o discitis'] });
    const active = condition(icd('M54.50'));
    const resolved = condition(icd('M46.1'), { clinicalStatus: 'resolved' });
    const chart = chartFor(facts(spect, { conditions: [active, resolved] }), spect, policy());
    expect(chart.conditions.map((c) => [c.reference, c.onOrder])).toEqual([
      [active.reference, false],
      [spect.reference, true],
    ]);
    expect(chart.orderTexts).toEqual(['r/o discitis']);
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
});
