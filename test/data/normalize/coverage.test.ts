import { normalizeCoverage } from '../../../src/data/normalize/coverage.js';
import { coverage } from '../fhir-fixtures.js';

describe('normalizeCoverage', () => {
  test('prefers the first active coverage', () => {
    expect(normalizeCoverage([coverage('old', 'cancelled'), coverage('a1'), coverage('a2')])).toEqual({
      reference: 'Coverage/a1',
      status: 'active',
      payorDisplay: 'Blue Cross VT',
    });
  });

  test('a cancelled, draft or entered-in-error coverage is not in force', () => {
    expect(
      normalizeCoverage([
        { resourceType: 'Coverage' },
        coverage('d1', 'draft'),
        coverage('c1', 'cancelled'),
        coverage('e1', 'entered-in-error'),
      ]),
    ).toBeUndefined();
  });

  test('a coverage without a status counts only when none is active', () => {
    const { status: _, ...unstated } = coverage('u1');
    expect(normalizeCoverage([coverage('c1', 'cancelled'), unstated])).toEqual({
      reference: 'Coverage/u1',
      payorDisplay: 'Blue Cross VT',
    });
    expect(normalizeCoverage([unstated, coverage('a1')])?.reference).toBe('Coverage/a1');
  });

  test('nothing usable gives undefined', () => {
    expect(normalizeCoverage([])).toBeUndefined();
    expect(normalizeCoverage([{ resourceType: 'Patient', id: 'p1' }, null])).toBeUndefined();
  });
});
