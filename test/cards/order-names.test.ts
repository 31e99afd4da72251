import { describeRequest, nameOrder } from '../../src/cards/order-names.js';
import { determination, shippedTexts, spectDraft } from './support/builders.js';

describe('nameOrder', () => {
  it('names the order by region and CPT for summaries, and quotes the EHR text for the detail', () => {
    expect(nameOrder(determination({ region: 'cervical' }), spectDraft(), shippedTexts())).toEqual({
      order: 'SPECT/CT cervical spine (78830)',
      orderRef: 'ServiceRequest/spect-1',
      orderText: 'SPECT/CT lumbar spine',
    });
  });

  it('falls back to the short name without a draft or billing code', () => {
    const names = nameOrder(
      determination({ billingCode: undefined, region: 'spine' }),
      undefined,
      shippedTexts(),
    );
    expect(names.order).toBe('SPECT/CT spine');
    expect(names.orderText).toBe('SPECT/CT spine');
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

  it('trims very long texts', () => {
    expect(describeRequest(spectDraft('a', { code: { text: 'x'.repeat(500) } }))!.length).toBe(100);
  });
});
