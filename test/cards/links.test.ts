import { linksOf } from '../../src/cards/links.js';

describe('linksOf', () => {
  it('repeats each absolute markdown link as a CDS Hooks link, once', () => {
    const md =
      'See [the policy](https://example.org/p) and [again](https://example.org/p) or [CRD](http://hl7.org/x).';
    expect(linksOf(md)).toEqual([
      { label: 'the policy', url: 'https://example.org/p', type: 'absolute' },
      { label: 'CRD', url: 'http://hl7.org/x', type: 'absolute' },
    ]);
  });

  it('ignores relative links and plain text', () => {
    expect(linksOf('[rel](/a) and https://example.org bare')).toEqual([]);
  });
});
