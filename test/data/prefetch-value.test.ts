import { readPrefetchValue } from '../../src/data/prefetch-value.js';
import { condition, operationOutcome, patient, searchset } from './fhir-fixtures.js';

describe('readPrefetchValue', () => {
  test('absent, null and OperationOutcome mean "query it yourself"', () => {
    expect(readPrefetchValue('conditions', undefined, 'p1')).toEqual({ usable: false, why: 'absent' });
    expect(readPrefetchValue('conditions', null, 'p1')).toEqual({ usable: false, why: 'null' });
    expect(readPrefetchValue('conditions', operationOutcome(), 'p1')).toEqual({
      usable: false,
      why: 'operation-outcome',
    });
  });

  test('a Bundle of the expected type is used, with its next link', () => {
    expect(
      readPrefetchValue('conditions', searchset([condition('c1')], 'https://ehr/fhir/p2'), 'p1'),
    ).toEqual({
      usable: true,
      resources: [expect.objectContaining({ id: 'c1' })],
      skipped: 0,
      next: 'https://ehr/fhir/p2',
    });
  });

  test('an empty searchset is usable: the patient has no such data', () => {
    expect(readPrefetchValue('procedures', searchset([]), 'p1')).toMatchObject({
      usable: true,
      resources: [],
    });
  });

  test('a Bundle of another type, or a bare resource, is invalid', () => {
    expect(readPrefetchValue('conditions', searchset([patient()]), 'p1')).toEqual({
      usable: false,
      why: 'invalid',
    });
    expect(readPrefetchValue('conditions', condition('c1'), 'p1')).toEqual({ usable: false, why: 'invalid' });
    expect(readPrefetchValue('conditions', 42, 'p1')).toEqual({ usable: false, why: 'invalid' });
  });

  test('patient: a Patient resource of this patient only', () => {
    expect(readPrefetchValue('patient', patient('p1'), 'p1')).toMatchObject({ usable: true });
    expect(readPrefetchValue('patient', patient('someone-else'), 'p1')).toEqual({
      usable: false,
      why: 'invalid',
    });
    expect(readPrefetchValue('patient', searchset([patient('p1')]), 'p1')).toEqual({
      usable: false,
      why: 'invalid',
    });
  });
});
