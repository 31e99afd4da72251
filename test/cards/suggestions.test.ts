import { renderResponse } from '../../src/cards/render.js';
import { buildSuggestions, orderNameIn, otherOrdersOf } from '../../src/cards/suggestions.js';
import { context, determination, finding, mriDraft, shippedTexts, spectDraft } from './support/builders.js';
import { fhirR4Problems } from './support/fhir-r4.js';

const texts = shippedTexts();
const values = {
  order: 'SPECT/CT lumbar spine',
  orderKind: 'SPECT/CT',
  mri: 'MRI lumbar spine without contrast',
};
/** The text entry of a finding or outcome, as buildCard passes it. */
const entry = (code: string) => texts.findings[code] ?? texts.outcomes[code as 'meets-criteria']!;
const twoDrafts = () =>
  context({
    draftResources: new Map([
      ['ServiceRequest/spect-1', spectDraft()],
      ['ServiceRequest/mri-1', mriDraft()],
    ]),
  });

describe('buildSuggestions', () => {
  it('missing prior MRI: delete the SPECT and create the MRI of the same region', () => {
    const d = determination({
      outcome: 'needs-documentation',
      region: 'cervical',
      findings: [finding('missing-prior-mri')],
    });
    const [suggestion, ...rest] = buildSuggestions(
      d,
      d.findings[0],
      entry(d.findings[0]!.code),
      values,
      context(),
      texts,
    );
    expect(rest).toEqual([]);
    expect(suggestion!.actions!.map((a) => a.type)).toEqual(['delete', 'create']);
    expect(suggestion!.actions![0]!.resourceId).toBe('ServiceRequest/spect-1');
    const mri = suggestion!.actions![1]!.resource!;
    expect(mri).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'original-order',
      authoredOn: '2026-09-01',
    });
    expect(JSON.stringify(mri)).toContain('"72141"');
    expect(fhirR4Problems(mri)).toEqual([]);
  });

  it('missing prior MRI without the SPECT draft at hand: no suggestion rather than a half-built order', () => {
    const d = determination({ outcome: 'needs-documentation', findings: [finding('missing-prior-mri')] });
    expect(
      buildSuggestions(
        d,
        d.findings[0],
        entry(d.findings[0]!.code),
        values,
        context({ draftResources: new Map() }),
        texts,
      ),
    ).toEqual([]);
  });

  it('simultaneous imaging: remove the other order, one suggestion per other order', () => {
    const f = finding('simultaneous-advanced-imaging', {
      evidence: [
        { reference: 'ServiceRequest/mri-1', description: 'MRI' },
        { reference: 'ServiceRequest/spect-1', description: 'the SPECT itself' },
        { reference: 'ServiceRequest/ct-9', description: 'CT abdomen/pelvis (existing order)' },
      ],
    });
    const d = determination({ outcome: 'needs-documentation', findings: [f] });
    const suggestions = buildSuggestions(d, f, entry(f.code), values, twoDrafts(), texts);
    expect(suggestions.map((s) => s.actions![0]!.resourceId)).toEqual([
      'ServiceRequest/mri-1',
      'ServiceRequest/ct-9',
    ]);
    expect(suggestions.every((s) => s.actions!.length === 1 && s.actions![0]!.type === 'delete')).toBe(true);
    expect(suggestions[0]!.label).toBe('Remove MRI lumbar spine w/o contrast (stage the imaging)');
    // Action descriptions are read by clinicians too: words, no resource ids.
    expect(suggestions[0]!.actions![0]!.description).toBe('Remove the order MRI lumbar spine w/o contrast');
  });

  it.each(['investigational-surgical-planning', 'no-qualifying-indication'] as const)(
    '%s: remove the SPECT order',
    (code) => {
      const d = determination({
        outcome: code === 'no-qualifying-indication' ? 'not-medically-necessary' : 'investigational',
        findings: [finding(code)],
      });
      const [s] = buildSuggestions(d, d.findings[0], entry(d.findings[0]!.code), values, context(), texts);
      expect(s!.actions).toEqual([
        { type: 'delete', description: expect.any(String), resourceId: 'ServiceRequest/spect-1' },
      ]);
    },
  );

  it('missing prior imaging: nothing to click, documentation is the remedy', () => {
    const d = determination({ outcome: 'needs-documentation', findings: [finding('missing-prior-imaging')] });
    expect(buildSuggestions(d, d.findings[0], entry(d.findings[0]!.code), values, context(), texts)).toEqual(
      [],
    );
  });

  it('outcome cards: remove the SPECT for investigational / not medically necessary, nothing when criteria are met', () => {
    for (const outcome of ['investigational', 'not-medically-necessary'] as const) {
      expect(
        buildSuggestions(determination({ outcome }), undefined, entry(outcome), values, context(), texts),
      ).toHaveLength(1);
    }
    expect(
      buildSuggestions(determination(), undefined, entry('meets-criteria'), values, context(), texts),
    ).toEqual([]);
  });
});

describe('otherOrdersOf', () => {
  it('names other orders from the drafts, else from the evidence, and skips non-orders and the SPECT', () => {
    const f = finding('simultaneous-advanced-imaging', {
      evidence: [
        { reference: 'ServiceRequest/mri-1', description: 'ignored: the draft has a name' },
        { reference: 'ServiceRequest/mri-1#reasonCode', description: 'duplicate' },
        { reference: 'ImagingStudy/9', description: 'not an order' },
        { reference: 'ServiceRequest/pet-2', description: 'PET/CT skull base to thigh' },
      ],
    });
    expect(otherOrdersOf(f, determination(), twoDrafts())).toEqual([
      { reference: 'ServiceRequest/mri-1', name: 'MRI lumbar spine w/o contrast' },
      { reference: 'ServiceRequest/pet-2', name: 'PET/CT skull base to thigh' },
    ]);
  });
});

describe('orderNameIn', () => {
  it("keeps an open order's own words, not the policy's modality label (a PET/CT is PET/CT)", () => {
    expect(orderNameIn('CT: PET/CT skull base to mid-thigh')).toBe('PET/CT skull base to mid-thigh');
    expect(orderNameIn('MRI: MRI lumbar spine w/o contrast (ordered now)')).toBe(
      'MRI lumbar spine w/o contrast',
    );
    expect(orderNameIn('72131 CT lumbar spine without contrast')).toBe(
      '72131 CT lumbar spine without contrast',
    );
  });

  it('names an open order so in the simultaneous card: evidence and suggestion', () => {
    const f = finding('simultaneous-advanced-imaging', {
      evidence: [{ reference: 'ServiceRequest/pet-7', description: 'CT: PET/CT whole body' }],
    });
    const d = determination({ outcome: 'needs-documentation', findings: [f] });
    const [card] = renderResponse([d], context(), texts).cards;
    expect(card!.detail).toContain('- PET/CT whole body');
    expect(card!.detail).not.toContain('CT: PET/CT');
    expect(card!.suggestions?.[0]?.label).toBe('Remove PET/CT whole body (stage the imaging)');
  });
});
