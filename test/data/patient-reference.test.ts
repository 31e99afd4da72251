import { namesAnotherPatient } from '../../src/data/patient-reference.js';

describe('namesAnotherPatient', () => {
  const condition = (reference?: string) => ({
    resourceType: 'Condition',
    id: 'c1',
    ...(reference === undefined ? {} : { subject: { reference } }),
  });

  it.each([
    ['Patient/p1', false],
    ['https://ehr.example/fhir/Patient/p1', false],
    ['https://ehr.example/fhir/Patient/p1/_history/4', false],
    ['Patient/p2', true],
    ['https://ehr.example/fhir/Patient/p2/_history/1', true],
    ['Patient/p10', true],
    ['Group/ward-3', true],
    ['urn:uuid:6f1c0b1e-2d0a-4c1e-9f4e-0a1b2c3d4e5f', false],
    ['#contained-patient', false],
  ])('subject %s -> %s', (reference, expected) => {
    expect(namesAnotherPatient(condition(reference), 'p1')).toBe(expected);
  });

  it('reads patient and beneficiary too, a Patient by its id, and keeps what names nobody', () => {
    expect(
      namesAnotherPatient({ resourceType: 'Coverage', beneficiary: { reference: 'Patient/p2' } }, 'p1'),
    ).toBe(true);
    expect(
      namesAnotherPatient({ resourceType: 'ImagingStudy', patient: { reference: 'Patient/p1' } }, 'p1'),
    ).toBe(false);
    expect(namesAnotherPatient({ resourceType: 'Patient', id: 'p2' }, 'p1')).toBe(true);
    expect(namesAnotherPatient(condition(), 'p1')).toBe(false);
    expect(namesAnotherPatient({ resourceType: 'Condition', subject: { display: 'Jane' } }, 'p1')).toBe(
      false,
    );
  });
});
