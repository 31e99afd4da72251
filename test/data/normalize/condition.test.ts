import { normalizeCondition } from '../../../src/data/normalize/condition.js';
import { condition, ICD10 } from '../fhir-fixtures.js';

describe('normalizeCondition', () => {
  test('maps codes, text, statuses, body sites and recorded date', () => {
    const fact = normalizeCondition(
      condition('c1', 'M46.26', {
        verificationStatus: { coding: [{ code: 'confirmed' }] },
        bodySite: [{ coding: [{ system: 'http://snomed.info/sct', code: '122496007' }] }],
        recordedDate: '2025-03-01',
      }),
      'prefetch',
    );
    expect(fact).toEqual({
      reference: 'Condition/c1',
      codes: [{ system: ICD10, code: 'M46.26', display: 'Osteomyelitis of vertebra, lumbar region' }],
      text: 'Vertebral osteomyelitis',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      bodySites: [{ system: 'http://snomed.info/sct', code: '122496007' }],
      recordedDate: '2025-03-01',
      fromOrderReason: false,
      abated: false,
      source: 'prefetch',
    });
  });

  test('falls back to onset when there is no recordedDate', () => {
    expect(
      normalizeCondition(condition('c1', 'M46.26', { onsetDateTime: '2020-01-01' }), 'fhir')?.recordedDate,
    ).toBe('2020-01-01');
  });

  test('returns undefined for another resource type or a non-object', () => {
    expect(normalizeCondition({ resourceType: 'Procedure', id: 'x' }, 'fhir')).toBeUndefined();
    expect(normalizeCondition(null, 'fhir')).toBeUndefined();
    expect(normalizeCondition('Condition', 'fhir')).toBeUndefined();
  });

  test('without an id it needs a fallback reference', () => {
    const noId = { resourceType: 'Condition', code: { coding: [{ code: 'M46.26' }] } };
    expect(normalizeCondition(noId, 'draft')).toBeUndefined();
    expect(
      normalizeCondition(noId, 'draft', { fallbackReference: 'urn:uuid:9', fromOrderReason: true }),
    ).toMatchObject({
      reference: 'urn:uuid:9',
      fromOrderReason: true,
    });
  });

  test('malformed fields yield empty values, never a throw', () => {
    const fact = normalizeCondition(
      {
        resourceType: 'Condition',
        id: 'c2',
        code: 'M46.26',
        clinicalStatus: ['active'],
        bodySite: {},
        recordedDate: 5,
      },
      'fhir',
    );
    expect(fact).toEqual({
      reference: 'Condition/c2',
      codes: [],
      bodySites: [],
      fromOrderReason: false,
      abated: false,
      source: 'fhir',
    });
  });
});

describe('normalizeCondition: time', () => {
  it('reads onset and abatement[x] (any form) apart from recordedDate', () => {
    const base = { resourceType: 'Condition', id: 'c9', code: { text: 'discitis' } };
    expect(
      normalizeCondition(
        { ...base, onsetDateTime: '2026-05-01', abatementDateTime: '2026-07-01' },
        'prefetch',
      ),
    ).toMatchObject({
      onset: '2026-05-01',
      abated: true,
      abatementDate: '2026-07-01',
      recordedDate: '2026-05-01',
    });
    expect(
      normalizeCondition({ ...base, abatementPeriod: { start: '2026-06-01', end: '2026-06-20' } }, 'fhir'),
    ).toMatchObject({ abated: true, abatementDate: '2026-06-20' });
    expect(normalizeCondition({ ...base, abatementString: 'childhood' }, 'fhir')).toMatchObject({
      abated: true,
    });
    expect(normalizeCondition({ ...base, abatementDateTime: null }, 'fhir')).toMatchObject({ abated: false });
    expect(normalizeCondition({ ...base, bodySite: [{ text: 'L4-5 disc space' }] }, 'fhir')).toMatchObject({
      bodySiteText: 'L4-5 disc space',
    });
  });
});
