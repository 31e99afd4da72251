/**
 * Is this fact about the spine? Used for codes that are not spine-specific (osteomyelitis of any site, arthrodesis
 * status, a generic MRI code): they count only when a body site or the wording places them in the spine. (Which
 * part of the spine is the region model's question, regions.ts.)
 */
import type { Code } from '../data/facts.js';
import type { CompiledPolicy } from './compile.js';
import { normalizeText } from './text.js';

const SPINE_SITE_SETS = ['spine-body-site', 'sacroiliac-joint-body-site'] as const;

export function isSpineSite(
  bodySites: readonly Code[],
  texts: readonly (string | undefined)[],
  policy: CompiledPolicy,
): boolean {
  for (const site of bodySites) {
    if (policy.codes.firstMatch(site, SPINE_SITE_SETS)) return true;
  }
  const spine = policy.words('spine').pattern;
  for (const text of texts) if (text && spine.test(normalizeText(text))) return true;
  for (const site of bodySites) if (site.display && spine.test(normalizeText(site.display))) return true;
  return false;
}

/**
 * isSpineSite for one fact (a counted condition, a procedure), worked out once per fact and policy: several rules
 * ask about the same fact, and the answer costs text normalization. Facts are not changed after the data layer
 * builds them, so the answer for one object stays true.
 */
const memos = new WeakMap<CompiledPolicy, WeakMap<object, boolean>>();

export function isSpineSiteOf(
  fact: object,
  policy: CompiledPolicy,
  work: () => { bodySites: readonly Code[]; texts: readonly (string | undefined)[] },
): boolean {
  let memo = memos.get(policy);
  if (!memo) {
    memo = new WeakMap();
    memos.set(policy, memo);
  }
  const known = memo.get(fact);
  if (known !== undefined) return known;
  const { bodySites, texts } = work();
  const sited = isSpineSite(bodySites, texts, policy);
  memo.set(fact, sited);
  return sited;
}
