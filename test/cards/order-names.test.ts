import { describeRequest, nameOrder } from '../../src/cards/order-names.js';
import { evaluateOrder } from '../../src/policy/index.js';
import { cpt, facts, order, policy } from '../policy/builders.js';
import { determination, shippedTexts, spectDraft } from './support/builders.js';

const texts = shippedTexts();

describe('nameOrder', () => {
  it('names the order by what it is and the region it images, in words', () => {
    expect(nameOrder(determination({ region: 'cervical' }), texts)).toEqual({
      order: 'SPECT/CT cervical spine',
      orderKind: 'SPECT/CT',
    });
  });

  it.each([
    ['78803', 'SPECT lumbar spine'],
    ['78831', 'SPECT lumbar spine'],
    ['78830', 'SPECT/CT lumbar spine'],
    ['78832', 'SPECT/CT lumbar spine'],
  ])('CPT %s is named "%s" (the policy data says what each code is)', (code, name) => {
    const spect = order({ codes: [cpt(code)] });
    const d = evaluateOrder(facts(spect), spect, policy());
    expect(nameOrder(d, texts).order).toBe(name);
  });

  it('falls back to SPECT when the determination does not say what the order is', () => {
    expect(nameOrder(determination({ modality: undefined, region: 'spine' }), texts).order).toBe(
      'SPECT spine',
    );
  });
});

describe('describeRequest', () => {
  it('prefers code text, then a display, then a code', () => {
    expect(describeRequest(spectDraft())).toBe('SPECT/CT lumbar spine');
    expect(
      describeRequest(spectDraft('a', { code: { coding: [{ code: '78830', display: 'SPECT' }] } })),
    ).toBe('SPECT');
    expect(describeRequest(spectDraft('a', { code: { coding: [{ code: '78830' }] } }))).toBe('78830');
    expect(describeRequest(spectDraft('a', { code: undefined }))).toBeUndefined();
  });

  it('trims very long texts and strips markup', () => {
    expect(describeRequest(spectDraft('a', { code: { text: 'x'.repeat(500) } }))!.length).toBe(100);
    expect(describeRequest(spectDraft('a', { code: { text: 'PET/CT <b>whole body</b>' } }))).toBe(
      'PET/CT whole body',
    );
  });
});
