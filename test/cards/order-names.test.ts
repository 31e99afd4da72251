import { describeRequest, nameOrder } from '../../src/cards/order-names.js';
import { CPT, determination, shippedTexts, spectDraft } from './support/builders.js';

const texts = shippedTexts();
const billed = (code: string) => determination({ billingCode: { system: CPT, code } });

describe('nameOrder', () => {
  it('names the order by what it is and the region it images, in words', () => {
    expect(nameOrder(determination({ region: 'cervical' }), texts)).toEqual({
      order: 'SPECT/CT cervical spine',
      orderKind: 'SPECT/CT',
    });
  });

  it('calls 78803 and 78831 SPECT (no CT), 78830 and 78832 SPECT/CT', () => {
    expect(nameOrder(billed('78803'), texts).order).toBe('SPECT lumbar spine');
    expect(nameOrder(billed('78831'), texts).order).toBe('SPECT lumbar spine');
    expect(nameOrder(billed('78830'), texts).order).toBe('SPECT/CT lumbar spine');
    expect(nameOrder(billed('78832'), texts).order).toBe('SPECT/CT lumbar spine');
  });

  it('falls back to SPECT without a known billing code', () => {
    expect(nameOrder(determination({ billingCode: undefined, region: 'spine' }), texts).order).toBe(
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
