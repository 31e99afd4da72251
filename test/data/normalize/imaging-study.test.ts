import { normalizeImagingStudy } from '../../../src/data/normalize/imaging-study.js';
import { imagingStudy } from '../fhir-fixtures.js';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

describe('normalizeImagingStudy', () => {
  test('collects modalities from the study and its series, without duplicates, and series body sites', () => {
    const fact = normalizeImagingStudy(
      imagingStudy('is1', {
        modality: [{ system: DCM, code: 'MR' }],
        procedureCode: [{ coding: [{ system: 'http://loinc.org', code: '24967-5' }] }],
        description: 'MRI L-spine',
        series: [
          { uid: '1', modality: { system: DCM, code: 'MR' }, bodySite: { code: '122496007' } },
          { uid: '2', modality: { system: DCM, code: 'CT' } },
        ],
      }),
      'prefetch',
    );
    expect(fact).toEqual({
      reference: 'ImagingStudy/is1',
      codes: [{ system: 'http://loinc.org', code: '24967-5' }],
      modalities: ['MR', 'CT'],
      bodySites: [{ code: '122496007' }],
      texts: [],
      status: 'available',
      started: '2025-01-10T09:00:00Z',
      description: 'MRI L-spine',
      source: 'prefetch',
    });
  });

  test('series without modality or with junk are tolerated', () => {
    const fact = normalizeImagingStudy(
      {
        resourceType: 'ImagingStudy',
        id: 'is2',
        series: [null, 'x', { uid: '3' }, { modality: 'MR' }],
        modality: 'NM',
      },
      'fhir',
    );
    expect(fact).toMatchObject({ reference: 'ImagingStudy/is2', modalities: [], bodySites: [], codes: [] });
  });

  test('skips other types and id-less studies', () => {
    expect(normalizeImagingStudy({ resourceType: 'DiagnosticReport', id: 'd' }, 'fhir')).toBeUndefined();
    expect(normalizeImagingStudy({ resourceType: 'ImagingStudy' }, 'fhir')).toBeUndefined();
  });
});

describe('normalizeImagingStudy: the words that say what was imaged', () => {
  it('keeps procedureCode texts and series descriptions', () => {
    const fact = normalizeImagingStudy(
      {
        resourceType: 'ImagingStudy',
        id: 'is9',
        procedureCode: [{ text: 'MR L-SPINE WO' }],
        series: [{ uid: '1', description: 'SAG T2 LUMBAR' }, { uid: '2' }],
      },
      'fhir',
    );
    expect(fact?.texts).toEqual(['MR L-SPINE WO', 'SAG T2 LUMBAR']);
  });
});
