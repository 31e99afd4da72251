import { fhirR4Problems } from './fhir-r4.js';

const ok = {
  resourceType: 'ServiceRequest',
  status: 'draft',
  intent: 'original-order',
  subject: { reference: 'Patient/p1' },
  authoredOn: '2026-09-01',
  extension: [{ url: 'http://x.org/e', extension: [{ url: 'date', valueDate: '2026-09-01' }] }],
};

describe('fhirR4Problems (the stand-in structural check)', () => {
  it('accepts a well-formed ServiceRequest', () => {
    expect(fhirR4Problems(ok)).toEqual([]);
  });

  it.each([
    ['null values', { note: null }],
    ['empty arrays', { reasonCode: [] }],
    ['empty strings', { authoredOn: '' }],
    ['a bad status', { status: 'pending' }],
    ['a bad intent', { intent: 'suggestion' }],
    ['no subject', { subject: undefined }],
    [
      'an extension with both value and extensions',
      { extension: [{ url: 'u', valueString: 'a', extension: [{ url: 'b', valueString: 'c' }] }] },
    ],
    ['an extension without url', { extension: [{ valueString: 'a' }] }],
    ['a bad valueDate', { extension: [{ url: 'http://x.org/e', valueDate: '01/09/2026' }] }],
    ['a Coding without code', { code: { coding: [{ system: 'http://x.org' }] } }],
    ['a bad reference', { requester: { reference: 'Dr Smith' } }],
  ])('finds %s', (_name, change) => {
    expect(fhirR4Problems({ ...ok, ...change }).length).toBeGreaterThan(0);
  });

  it('rejects non-resources', () => {
    expect(fhirR4Problems({ status: 'draft' })).toEqual(['not a resource (no resourceType)']);
  });
});
