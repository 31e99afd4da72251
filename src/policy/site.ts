/**
 * Is this fact about the spine? Used for codes that are not spine-specific (osteomyelitis of any site, arthrodesis
 * status, a generic MRI code): they count only when a body site or the wording places them in the spine.
 */
import type { Code } from '../data/facts.js';
import type { CompiledPolicy } from './compile.js';
import { normalizeText } from './text.js';

export type SiteScope = 'spine' | 'spine-or-pelvis';

const SPINE_SITE_SETS = ['spine-body-site', 'sacroiliac-joint-body-site'] as const;
const SPINE_OR_PELVIS_SITE_SETS = [...SPINE_SITE_SETS, 'pelvis-body-site'] as const;

export function isSpineSite(
  bodySites: readonly Code[],
  texts: readonly (string | undefined)[],
  policy: CompiledPolicy,
  scope: SiteScope = 'spine',
): boolean {
  const siteSets = scope === 'spine-or-pelvis' ? SPINE_OR_PELVIS_SITE_SETS : SPINE_SITE_SETS;
  for (const site of bodySites) {
    if (policy.codes.firstMatch(site, siteSets)) return true;
  }
  // Each text is normalized once, then asked about the spine words and, if needed, the pelvis words.
  const siteTexts: string[] = [];
  for (const text of texts) if (text) siteTexts.push(normalizeText(text));
  for (const site of bodySites) if (site.display) siteTexts.push(normalizeText(site.display));
  const spine = policy.words('spine').pattern;
  if (siteTexts.some((t) => spine.test(t))) return true;
  if (scope !== 'spine-or-pelvis') return false;
  const pelvis = policy.words('pelvis').pattern;
  return siteTexts.some((t) => pelvis.test(t));
}

/**
 * isSpineSite for one fact (a counted condition, a procedure, a study), worked out once per fact, scope and policy:
 * several rules ask about the same fact, and the answer costs text normalization. Facts are not changed after the
 * data layer builds them, so the answer for one object stays true.
 */
const memos = new WeakMap<CompiledPolicy, WeakMap<object, number>>();
const KNOWN = { spine: 1, 'spine-or-pelvis': 4 } as const;
const YES = { spine: 2, 'spine-or-pelvis': 8 } as const;

export function isSpineSiteOf(
  fact: object,
  policy: CompiledPolicy,
  scope: SiteScope,
  work: () => { bodySites: readonly Code[]; texts: readonly (string | undefined)[] },
): boolean {
  let memo = memos.get(policy);
  if (!memo) {
    memo = new WeakMap();
    memos.set(policy, memo);
  }
  const bits = memo.get(fact) ?? 0;
  if (bits & KNOWN[scope]) return (bits & YES[scope]) !== 0;
  const { bodySites, texts } = work();
  const sited = isSpineSite(bodySites, texts, policy, scope);
  memo.set(fact, bits | KNOWN[scope] | (sited ? YES[scope] : 0));
  return sited;
}
