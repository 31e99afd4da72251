import { isSpineSite, isSpineSiteOf } from '../../src/policy/site.js';
import { policy, SITE } from './builders.js';

describe('isSpineSite', () => {
  it('reads spine and SI body-site codes', () => {
    expect(isSpineSite([SITE.lumbar], [], policy())).toBe(true);
    expect(isSpineSite([SITE.sacroiliac], [], policy())).toBe(true);
    expect(isSpineSite([SITE.knee], [], policy())).toBe(false);
  });
  it('reads spine words in texts and body-site displays', () => {
    expect(isSpineSite([], ['Fusion L4-5, lumbar'], policy())).toBe(true);
    expect(isSpineSite([{ code: 'x', display: 'Vertebral column' }], [], policy())).toBe(true);
    expect(isSpineSite([], ['right hip', undefined], policy())).toBe(false);
  });
  it('accepts the pelvis only when asked to', () => {
    expect(isSpineSite([SITE.pelvis], [], policy())).toBe(false);
    expect(isSpineSite([SITE.pelvis], [], policy(), 'spine-or-pelvis')).toBe(true);
    expect(isSpineSite([], ['MRI pelvis'], policy(), 'spine-or-pelvis')).toBe(true);
  });
});

describe('isSpineSiteOf', () => {
  it('works each scope out once per fact, and keeps the scopes apart', () => {
    const fact = {};
    let asked = 0;
    const work = () => {
      asked++;
      return { bodySites: [SITE.pelvis], texts: [] };
    };
    expect(isSpineSiteOf(fact, policy(), 'spine', work)).toBe(false);
    expect(isSpineSiteOf(fact, policy(), 'spine-or-pelvis', work)).toBe(true);
    expect(isSpineSiteOf(fact, policy(), 'spine', work)).toBe(false);
    expect(isSpineSiteOf(fact, policy(), 'spine-or-pelvis', work)).toBe(true);
    expect(asked).toBe(2);
    // Another fact is worked out on its own.
    expect(isSpineSiteOf({}, policy(), 'spine', () => ({ bodySites: [SITE.lumbar], texts: [] }))).toBe(true);
  });
});
