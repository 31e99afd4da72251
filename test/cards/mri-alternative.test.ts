import { buildMriDraft } from '../../src/cards/mri-alternative.js';
import type { SpineRegion } from '../../src/policy/determination.js';
import { shippedTexts, spectDraft } from './support/builders.js';
import { fhirR4Problems } from './support/fhir-r4.js';

const texts = shippedTexts();

describe('buildMriDraft', () => {
  it.each([
    ['cervical', '72141'],
    ['thoracic', '72146'],
    ['lumbar', '72148'],
    ['sacrum', '72195'],
    ['sacroiliac', '72195'],
    ['spine', '72148'],
  ] as [SpineRegion, string][])('%s -> CPT %s', (region, cpt) => {
    const mri = buildMriDraft(spectDraft(), region, '2026-09-01', texts);
    expect(mri.code?.coding?.[0]).toMatchObject({ system: 'http://www.ama-assn.org/go/cpt', code: cpt });
    expect(fhirR4Problems(mri)).toEqual([]);
  });

  it('keeps subject, requester, encounter and reasons; draft, original-order, authored on the call date', () => {
    const spect = spectDraft();
    const mri = buildMriDraft(spect, 'lumbar', '2026-09-02', texts);
    expect(mri).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'original-order',
      authoredOn: '2026-09-02',
      subject: spect.subject,
      requester: spect.requester,
      encounter: spect.encounter,
      reasonCode: spect.reasonCode,
      reasonReference: spect.reasonReference,
    });
    expect(mri.id).toBeUndefined();
  });

  it('leaves out what the SPECT draft did not have, and does not share objects with it', () => {
    const spect = spectDraft('s', {
      requester: undefined,
      reasonCode: [],
      reasonReference: undefined,
      encounter: undefined,
    });
    const mri = buildMriDraft(spect, 'lumbar', '2026-09-02', texts);
    expect(Object.keys(mri)).not.toEqual(expect.arrayContaining(['requester']));
    expect(mri.reasonCode).toBeUndefined();
    expect(fhirR4Problems(mri)).toEqual([]);
    mri.subject!.reference = 'Patient/changed';
    expect(spect.subject?.reference).toBe('Patient/p1');
  });
});
