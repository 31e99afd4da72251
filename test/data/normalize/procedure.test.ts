import { normalizeProcedure } from '../../../src/data/normalize/procedure.js';
import { CPT, procedure } from '../fhir-fixtures.js';

describe('normalizeProcedure', () => {
  test('maps codes, status, body site and performed date', () => {
    const fact = normalizeProcedure(
      procedure('pr1', {
        bodySite: [{ coding: [{ code: '122496007' }] }],
        code: { coding: [{ system: CPT, code: '22612' }], text: 'Fusion' },
      }),
      'fhir',
    );
    expect(fact).toEqual({
      reference: 'Procedure/pr1',
      codes: [{ system: CPT, code: '22612' }],
      text: 'Fusion',
      status: 'completed',
      bodySites: [{ code: '122496007' }],
      performedDate: '2024-05-01',
      source: 'fhir',
    });
  });

  test('reads performedPeriod.start', () => {
    const fact = normalizeProcedure(
      procedure('pr2', {
        performedDateTime: undefined,
        performedPeriod: { start: '2023-02-03', end: '2023-02-04' },
      }),
      'fhir',
    );
    expect(fact?.performedDate).toBe('2023-02-03');
  });

  test('skips wrong types and resources without id; survives junk fields', () => {
    expect(normalizeProcedure({ resourceType: 'Condition', id: 'c' }, 'fhir')).toBeUndefined();
    expect(normalizeProcedure({ resourceType: 'Procedure' }, 'fhir')).toBeUndefined();
    expect(
      normalizeProcedure({ resourceType: 'Procedure', id: 'x', code: [], status: 1, bodySite: 'L4' }, 'fhir'),
    ).toEqual({
      reference: 'Procedure/x',
      codes: [],
      bodySites: [],
      source: 'fhir',
    });
  });
});
