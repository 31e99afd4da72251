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

  test('falls back to the first citable coverage when none is active', () => {
    expect(
      normalizeCoverage([{ resourceType: 'Coverage' }, coverage('d1', 'draft'), coverage('c1', 'cancelled')]),
    ).toEqual({
      reference: 'Coverage/d1',
      status: 'draft',
      payorDisplay: 'Blue Cross VT',
    });
  });

  test('nothing usable gives undefined', () => {
    expect(normalizeCoverage([])).toBeUndefined();
    expect(normalizeCoverage([{ resourceType: 'Patient', id: 'p1' }, null])).toBeUndefined();
  });
});
