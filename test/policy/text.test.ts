import fc from 'fast-check';
import {
  matchedPhrases,
  mentions,
  normalizeText,
  phraseList,
  withoutPhrases,
} from '../../src/policy/text.js';

describe('text matching', () => {
  it('normalizes case and punctuation to single spaces', () => {
    expect(normalizeText('C-Spine/SPECT  CT!')).toBe(' c spine spect ct ');
  });
  it('matches whole words only', () => {
    const ct = phraseList(['ct']);
    expect(mentions(ct, ['CT lumbar spine'])).toBe(true);
    expect(mentions(ct, ['acute back pain'])).toBe(false);
    expect(mentions(ct, [undefined, ''])).toBe(false);
  });
  it('matches multi-word phrases across punctuation and reports which phrases matched', () => {
    const list = phraseList(['pre op', 'surgical planning', 'level selection']);
    expect(matchedPhrases(list, ['Pre-op: surgical   planning'])).toEqual(['pre op', 'surgical planning']);
  });
  it('strips phrases, longest first, so "SPECT/CT" leaves no stray "ct"', () => {
    const spect = phraseList(['spect', 'spect ct']);
    expect(mentions(phraseList(['ct']), [withoutPhrases(spect, 'SPECT/CT requested')])).toBe(false);
    expect(mentions(phraseList(['ct']), [withoutPhrases(spect, 'SPECT/CT and a CT chest')])).toBe(true);
  });

  it('answers with one pattern exactly what a whole-word search for each phrase answers', () => {
    const word = fc.constantFrom('ct', 'spect', 'mri', 'pre', 'op', 'acute', 'c', 'spine', 'l4', '5');
    const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    const text = fc
      .array(fc.oneof(word, fc.constantFrom('-', '/', ' ', ', ', 'CT', 'Pre-Op')), { maxLength: 8 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(phrase, { maxLength: 5 }), fc.array(text, { maxLength: 3 }), (phrases, texts) => {
        const list = phraseList(phrases);
        const bySubstring = list.phrases.filter((p) => texts.some((t) => normalizeText(t).includes(p)));
        expect(mentions(list, texts)).toBe(bySubstring.length > 0);
        expect(new Set(matchedPhrases(list, texts))).toEqual(new Set(bySubstring.map((p) => p.trim())));
      }),
      { numRuns: 1000 },
    );
  });
  it('an empty list mentions nothing', () => {
    expect(mentions(phraseList([]), ['anything at all', ' '])).toBe(false);
    expect(mentions(phraseList(['  ', '--']), ['anything'])).toBe(false);
  });
});
