import { isSpineSite, isSpineSiteOf } from '../../src/policy/site.js';
import { policy, SITE } from './builders.js';

describe('isSpineSite', () => {
  it('reads spine and SI body-site codes', () => {
    expect(isSpineSite([SITE.lumbar], [], policy())).toBe(true);
    expect(isSpineSite([SITE.sacroiliac], [], policy())).toBe(true);
    expect(isSpineSite([SITE.knee], [], policy())).toBe(false);
    // Since the region model, the pelvis is a region of its own (prior imaging), not a spine site.
    expect(isSpineSite([SITE.pelvis], [], policy())).toBe(false);
  });
  it('reads spine words in texts and body-site displays', () => {
    expect(isSpineSite([], ['Fusion L4-5, lumbar'], policy())).toBe(true);
    expect(isSpineSite([{ code: 'x', display: 'Vertebral column' }], [], policy())).toBe(true);
    expect(isSpineSite([], ['right hip', undefined], policy())).toBe(false);
  });
});

describe('isSpineSiteOf', () => {
  it('works the answer out once per fact', () => {
    const fact = {};
    let asked = 0;
    const work = () => {
      asked++;
      return { bodySites: [SITE.lumbar], texts: [] };
    };
    expect(isSpineSiteOf(fact, policy(), work)).toBe(true);
    expect(isSpineSiteOf(fact, policy(), work)).toBe(true);
    expect(asked).toBe(1);
    // Another fact is worked out on its own.
    expect(isSpineSiteOf({}, policy(), () => ({ bodySites: [SITE.knee], texts: [] }))).toBe(false);
  });
});
