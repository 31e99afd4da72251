import { policyLinks } from '../../src/cards/links.js';
import { shippedTexts } from './support/builders.js';

describe('policyLinks', () => {
  it('gives the configured policy URL once, labelled for a clinician, without ids', () => {
    expect(policyLinks('https://example.org/p', 'Blue Cross VT', shippedTexts())).toEqual([
      {
        label: 'Blue Cross VT medical policy: SPECT/CT of the spine',
        url: 'https://example.org/p',
        type: 'absolute',
      },
    ]);
  });
});
