/**
 * Is this fact about the spine? Used for codes that are not spine-specific (osteomyelitis of any site, arthrodesis
 * status, a generic MRI code): they count only when a body site or the wording places them in the spine.
 */
import type { Code } from '../data/facts.js';
import type { CompiledPolicy } from './compile.js';
import { mentions } from './text.js';

export type SiteScope = 'spine' | 'spine-or-pelvis';

export function isSpineSite(
  bodySites: readonly Code[],
  texts: readonly (string | undefined)[],
  policy: CompiledPolicy,
  scope: SiteScope = 'spine',
): boolean {
  const siteSets = ['spine-body-site', 'sacroiliac-joint-body-site'];
  if (scope === 'spine-or-pelvis') siteSets.push('pelvis-body-site');
  for (const site of bodySites) {
    if (siteSets.some((id) => policy.valueSet(id).match(site))) return true;
  }
  const siteTexts = [...texts, ...bodySites.map((s) => s.display)];
  if (mentions(policy.words('spine'), siteTexts)) return true;
  return scope === 'spine-or-pelvis' && mentions(policy.words('pelvis'), siteTexts);
}
