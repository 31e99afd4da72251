import { nextLink, readSearchBundle } from '../../../src/data/normalize/bundle.js';
import { condition, operationOutcome, patient, searchset } from '../fhir-fixtures.js';

describe('readSearchBundle', () => {
  test('keeps entries of the type, counts strays, ignores informational outcomes', () => {
    const reading = readSearchBundle(
      searchset(
        [condition('c1'), patient(), operationOutcome('information'), condition('c2')],
        'https://ehr/fhir/x?page=2',
      ),
      'Condition',
    );
    expect(reading).toEqual({
      valid: true,
      resources: [expect.objectContaining({ id: 'c1' }), expect.objectContaining({ id: 'c2' })],
      skipped: 1,
      next: 'https://ehr/fhir/x?page=2',
    });
  });

  test('an empty searchset (no entry at all) is valid and empty', () => {
    expect(readSearchBundle({ resourceType: 'Bundle', type: 'searchset', total: 0 }, 'Condition')).toEqual({
      valid: true,
      resources: [],
      skipped: 0,
    });
  });

  test.each([
    ['an OperationOutcome', operationOutcome()],
    ['a non-Bundle resource', patient()],
    ['a string', 'garbage'],
    ['an array', [condition('c1')]],
    ['a Bundle of the wrong type', searchset([patient()])],
    ['a Bundle holding only an error outcome', searchset([operationOutcome('error')])],
  ])('%s is not valid', (_label, value) => {
    expect(readSearchBundle(value, 'Condition').valid).toBe(false);
  });

  test('nextLink ignores other relations and junk', () => {
    expect(nextLink({ link: [{ relation: 'self', url: 'a' }, 'x', { relation: 'next', url: 'b' }] })).toBe(
      'b',
    );
    expect(nextLink({ link: 'next' })).toBeUndefined();
  });
});
