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
});
