import {
  asObject,
  codingsToCodes,
  conceptListCodes,
  firstCode,
  firstDate,
  resourceOfType,
  toRelativeReference,
} from '../../../src/data/normalize/fhir-values.js';

describe('fhir-values', () => {
  test('asObject rejects arrays, null and primitives', () => {
    expect(asObject([])).toBeUndefined();
    expect(asObject(null)).toBeUndefined();
    expect(asObject('x')).toBeUndefined();
    expect(asObject({ a: 1 })).toEqual({ a: 1 });
  });

  test('resourceOfType checks the resourceType', () => {
    expect(resourceOfType({ resourceType: 'Condition' }, 'Condition')).toBeDefined();
    expect(resourceOfType({ resourceType: 'Procedure' }, 'Condition')).toBeUndefined();
    expect(resourceOfType('Condition', 'Condition')).toBeUndefined();
  });

  test('codingsToCodes drops codings without a code and omits absent system/display', () => {
    expect(
      codingsToCodes([
        { system: 's', code: 'a', display: 'A' },
        { system: 's' },
        null,
        { code: 7 },
        { code: 'b' },
      ]),
    ).toEqual([{ system: 's', code: 'a', display: 'A' }, { code: 'b' }]);
    expect(codingsToCodes('not an array')).toEqual([]);
  });

  test('conceptListCodes flattens a CodeableConcept list, tolerating junk', () => {
    expect(conceptListCodes([{ coding: [{ code: 'x' }] }, 'junk', { coding: [{ code: 'y' }] }])).toEqual([
      { code: 'x' },
      { code: 'y' },
    ]);
    expect(conceptListCodes({ coding: [{ code: 'x' }] })).toEqual([]);
  });

  test('firstCode reads a status CodeableConcept', () => {
    expect(firstCode({ coding: [{ code: 'active' }] })).toBe('active');
    expect(firstCode('active')).toBeUndefined();
  });

  test('firstDate takes the first present field, reading a Period start', () => {
    expect(firstDate({ onsetPeriod: { start: '2024-01-01' } }, ['recordedDate', 'onsetPeriod'])).toBe(
      '2024-01-01',
    );
    expect(
      firstDate({ recordedDate: '2025-02-02', onsetPeriod: { start: '2024' } }, [
        'recordedDate',
        'onsetPeriod',
      ]),
    ).toBe('2025-02-02');
    expect(firstDate({}, ['recordedDate'])).toBeUndefined();
  });

  test('toRelativeReference strips a base and a version, leaves other forms alone', () => {
    expect(toRelativeReference('https://ehr.example/fhir/Condition/c1/_history/3')).toBe('Condition/c1');
    expect(toRelativeReference('https://ehr.example/fhir/Condition/c1')).toBe('Condition/c1');
    expect(toRelativeReference('Condition/c1')).toBe('Condition/c1');
    expect(toRelativeReference('urn:uuid:1234')).toBe('urn:uuid:1234');
  });
});
