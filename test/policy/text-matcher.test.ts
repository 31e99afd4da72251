import { policy } from './builders.js';

const mentions = (text: string, concept: string) =>
  policy()
    .matcher.mentions(text)
    .filter((m) => m.concept === concept);

describe('the clinical phrase matcher (NegEx/ConText)', () => {
  it.each([
    ['No evidence of discitis.', true],
    ['Patient denies fever; negative for osteomyelitis', true],
    ['without discitis', true],
    ['Discitis ruled out on MRI', true],
    ['MRI ruled out discitis', true],
    ['discitis is unlikely', true],
    ['r/o discitis', false],
    ['R/O discitis L4-5', false],
    ['rule out discitis', false],
    ['suspected discitis', false],
    ['concern for discitis', false],
    ['evaluate for discitis', false],
    ['discitis cannot be ruled out', false],
    ['cannot rule out discitis', false],
    ['discitis not ruled out', false],
  ])('%s -> negated %s', (text, negated) => {
    const found = mentions(text, 'spine-infection');
    expect(found).toHaveLength(1);
    expect(found[0]!.negated).toBe(negated);
  });

  it('a scope ends at a sentence end or a terminator', () => {
    expect(mentions('No fever. Discitis suspected.', 'spine-infection')[0]!.negated).toBe(false);
    expect(mentions('No fever but concern for discitis', 'spine-infection')[0]!.negated).toBe(false);
    expect(mentions('no fever, no discitis', 'spine-infection')[0]!.negated).toBe(true);
  });

  it('a negation reaches a list of terms; a possibility is quoted with its trigger', () => {
    const found = policy().matcher.mentions('No evidence of discitis or osteomyelitis.');
    expect(found.map((m) => m.negated)).toEqual([true, true]);
    expect(mentions('Concern for L4-5 discitis', 'spine-infection')[0]).toMatchObject({
      possible: true,
      quote: 'Concern for L4-5 discitis',
    });
  });

  it('historical mentions are marked, for the criteria that accept history', () => {
    const [m] = mentions('History of breast cancer, now with back pain', 'tumor-metastasizing-to-bone');
    expect(m).toMatchObject({ historical: true, negated: false });
    const [pain] = mentions('History of breast cancer, now with back pain', 'spine-pain-or-symptom');
    expect(pain).toMatchObject({ historical: false, negated: false });
  });

  it('matches whole words only, and the longest phrase', () => {
    expect(mentions('osteoid osteomas noted', 'osteoid-osteoma')).toHaveLength(1);
    expect(mentions('planned fusion', 'prior-spine-surgery')).toHaveLength(0);
    expect(mentions('planned fusion', 'surgical-planning')).toHaveLength(1);
    expect(mentions('not a surgical candidate', 'surgical-planning')[0]!.negated).toBe(true);
  });

  it('every lexicon entry names a bullet of the policy (checked at load)', () => {
    expect(policy().matcher.concepts.has('spine-infection')).toBe(true);
  });
});

describe('MN-7 in words', () => {
  it('a fracture written as indeterminate or suspected is a possibility; one stated plainly is not', () => {
    const [a] = mentions('L1 compression fracture, age indeterminate', 'fracture');
    expect(a).toMatchObject({ possible: true, negated: false });
    const [b] = mentions('Suspected sacral fracture', 'fracture');
    expect(b).toMatchObject({ possible: true });
    const [c] = mentions('L1 compression fracture', 'fracture');
    expect(c).toMatchObject({ possible: false, negated: false });
  });
});
