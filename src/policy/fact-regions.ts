/**
 * The regions each fact concerns (regions.ts), worked out once per fact object and policy: several criteria ask
 * about the same fact, and the answer costs code lookups and text normalization. Facts are not changed after the
 * data layer builds them, so the answer for one object stays true.
 */
import type { ImagingStudyFact, ProcedureFact } from '../data/facts.js';
import type { ChartCondition } from './chart.js';
import type { CompiledPolicy } from './compile.js';
import type { RegionMask } from './regions.js';

const memos = new WeakMap<CompiledPolicy, WeakMap<object, RegionMask>>();

function memoOf(policy: CompiledPolicy): WeakMap<object, RegionMask> {
  let memo = memos.get(policy);
  if (!memo) {
    memo = new WeakMap();
    memos.set(policy, memo);
  }
  return memo;
}

function remembered(fact: object, policy: CompiledPolicy, work: () => RegionMask): RegionMask {
  const memo = memoOf(policy);
  let mask = memo.get(fact);
  if (mask === undefined) {
    mask = work();
    memo.set(fact, mask);
  }
  return mask;
}

/**
 * A diagnosis's regions: its body sites, codes (site character, value-set regions) and words. A reason written on
 * the order that names no region of its own is about the region the order images.
 */
export function conditionRegions(
  c: ChartCondition,
  orderRegions: RegionMask,
  policy: CompiledPolicy,
): RegionMask {
  // Keyed by the fact, or for the order's own reasons by their codes array (the same object on every call).
  const own = remembered(c.fact ?? c.codes, policy, () =>
    policy.regions.regionsOf(c.bodySites, c.codes, c.texts),
  );
  return c.onOrder && !policy.regions.isStated(own) ? own | orderRegions : own;
}

export function procedureRegions(p: ProcedureFact, policy: CompiledPolicy): RegionMask {
  return remembered(p, policy, () =>
    policy.regions.regionsOf(p.bodySites, p.codes, [p.text, p.bodySiteText]),
  );
}

/** A study's regions: series body sites, procedure codes, the study and series descriptions. */
export function studyRegions(s: ImagingStudyFact, policy: CompiledPolicy): RegionMask {
  return remembered(s, policy, () =>
    policy.regions.regionsOf(s.bodySites, s.codes, [s.description, ...s.texts]),
  );
}
