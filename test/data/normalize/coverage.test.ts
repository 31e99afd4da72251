import { normalizeCoverage } from '../../../src/data/normalize/coverage.js';
import { TEST_PAYER_IDENTIFIER } from '../../support/payer.js';
import { coverage } from '../fhir-fixtures.js';

describe('normalizeCoverage', () => {
  test('prefers the first active coverage, and lists the other active ones', () => {
    expect(normalizeCoverage([coverage('old', 'cancelled'), coverage('a1'), coverage('a2')])).toEqual({
      reference: 'Coverage/a1',
      status: 'active',
      payorDisplay: 'Blue Cross VT',
      payors: [{ identifiers: [{ ...TEST_PAYER_IDENTIFIER }], display: 'Blue Cross VT' }],
      alsoInForce: ['Coverage/a2'],
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
    expect(normalizeCoverage([coverage('c1', 'cancelled'), unstated])).toMatchObject({
      reference: 'Coverage/u1',
      payorDisplay: 'Blue Cross VT',
    });
    const activeWins = normalizeCoverage([unstated, coverage('a1')]);
    expect(activeWins?.reference).toBe('Coverage/a1');
    expect(activeWins?.alsoInForce).toBeUndefined();
  });

  test('the same Coverage twice (overlapping pages) is one Coverage', () => {
    expect(normalizeCoverage([coverage('a1'), coverage('a1')])?.alsoInForce).toBeUndefined();
  });

  test('payors: the identifier on the reference, a contained Organization, a literal reference', () => {
    const fact = normalizeCoverage([
      {
        ...coverage('a1'),
        contained: [
          {
            resourceType: 'Organization',
            id: 'payer',
            identifier: [{ system: ' urn:x ', value: ' 42 ' }, { system: 'urn:y' }],
          },
        ],
        payor: [
          { reference: '#payer' },
          { reference: 'Organization/acme', display: 'Acme' },
          { identifier: { value: 'no-system' } },
          'not an object',
        ],
      },
    ]);
    expect(fact?.payors).toEqual([
      { reference: '#payer', identifiers: [{ system: 'urn:x', value: '42' }] },
      { reference: 'Organization/acme', identifiers: [], display: 'Acme' },
      { identifiers: [{ value: 'no-system' }] },
    ]);
    expect(fact?.payorDisplay).toBeUndefined();
  });

  test('nothing usable gives undefined', () => {
    expect(normalizeCoverage([])).toBeUndefined();
    expect(normalizeCoverage([{ resourceType: 'Patient', id: 'p1' }, null])).toBeUndefined();
  });
});
