import { advancedModalityOf } from '../../src/policy/index.js';
import { findSimultaneousImaging } from '../../src/policy/simultaneous.js';
import { AS_OF, cpt, facts, order, otherOrder, policy, policyWith } from './builders.js';

const existing = (authoredOn: string | undefined, status = 'active') =>
  otherOrder({ draft: false, source: 'prefetch', status, authoredOn });

describe('advancedModalityOf', () => {
  it.each([
    [otherOrder(), 'MRI'],
    [otherOrder({ codes: [cpt('72131')] }), 'CT'],
    [otherOrder({ codes: [cpt('78815')] }), 'PET'],
    [otherOrder({ codes: [{ code: 'local-1', display: 'MRI brain without contrast' }] }), 'MRI'],
    [otherOrder({ codes: [{ code: 'local-2' }], codeText: 'CT chest with contrast' }), 'CT'],
    [otherOrder({ codes: [cpt('78306')] }), undefined],
    [otherOrder({ codes: [cpt('78830')] }), undefined],
    [otherOrder({ codes: [{ code: 'x' }], codeText: 'SPECT/CT bone' }), undefined],
    [otherOrder({ codes: [cpt('72100', 'X-ray lumbar spine')] }), undefined],
    // A PET/CT is PET, not the CT in its name (issue 11): by code, and by words alone.
    [
      otherOrder({ codes: [cpt('78815', 'PET with concurrently acquired CT, skull base to mid-thigh')] }),
      'PET',
    ],
    [otherOrder({ codes: [{ code: 'local-3' }], codeText: 'PET/CT whole body' }), 'PET'],
    [otherOrder({ codes: [{ code: 'local-4', display: 'FDG PET-CT skull base to thigh' }] }), 'PET'],
  ])('%# -> %s', (o, modality) => {
    expect(advancedModalityOf(o, policy())).toBe(modality);
  });
});

describe('findSimultaneousImaging', () => {
  const find = (
    spect = order(),
    others: { drafts?: ReturnType<typeof order>[]; existing?: ReturnType<typeof order>[] } = {},
  ) =>
    findSimultaneousImaging(
      facts(spect, { draftOrders: [spect, ...(others.drafts ?? [])], existingOrders: others.existing ?? [] }),
      spect,
      policy(),
    );

  it('nothing else ordered: no finding; the SPECT itself never counts', () => {
    const spect = order();
    expect(find(spect, { existing: [{ ...spect, draft: false }] })).toBeUndefined();
  });

  it('an existing open order within the window counts; outside it, or closed, does not', () => {
    expect(find(undefined, { existing: [existing('2026-08-28')] })?.code).toBe(
      'simultaneous-advanced-imaging',
    );
    expect(find(undefined, { existing: [existing('2026-08-20')] })).toBeUndefined();
    expect(find(undefined, { existing: [existing('2026-08-31', 'completed')] })).toBeUndefined();
    expect(find(undefined, { existing: [existing('2026-08-31', 'revoked')] })).toBeUndefined();
    expect(find(undefined, { existing: [existing('2026-08-31', 'on-hold')] })).toBeDefined();
  });

  it('an open order with no authoredOn counts; one authored just after asOf counts', () => {
    expect(find(undefined, { existing: [existing(undefined)] })).toBeDefined();
    expect(find(undefined, { existing: [existing('2026-09-01T12:05:00Z')] })).toBeDefined();
  });

  // Changed from "the window is configurable": the window is policy data now (policy.json `windows`), so one
  // policy version gives one answer on every deployment.
  it('the window is policy data, versioned with the policy', () => {
    const spect = order();
    const f = facts(spect, { existingOrders: [existing('2026-08-20')] });
    const withDays = (days: number) =>
      policyWith((def) => {
        def.windows.find((w: { id: string }) => w.id === 'simultaneous-ordering').days = days;
      });
    expect(findSimultaneousImaging(f, spect, withDays(30))).toBeDefined();
    expect(findSimultaneousImaging(f, spect, withDays(0))).toBeUndefined();
    expect(findSimultaneousImaging(f, spect, policy())).toBeUndefined();
    expect(f.asOf).toBe(AS_OF);
  });

  it('a rationale must name the modality and say why; it only covers that modality', () => {
    const ct = otherOrder({ codes: [cpt('72131', 'CT lumbar spine')] });
    expect(
      find(order({ notes: ['MRI needed to assess epidural extent'] }), { drafts: [otherOrder()] }),
    ).toBeUndefined();
    expect(find(order({ notes: ['MRI also ordered'] }), { drafts: [otherOrder()] })).toBeDefined();
    expect(find(order({ notes: ['SPECT/CT needed because of pain'] }), { drafts: [ct] })).toBeDefined();
    const partial = find(order({ notes: ['MRI needed because of neuro deficit'] }), {
      drafts: [otherOrder(), ct],
    });
    expect(partial?.evidence.map((e) => e.reference)).toEqual([ct.reference]);
    expect(partial?.message).toMatch(/Other modality: CT\.$/);
  });
});
