/**
 * Which orders this policy applies to: a ServiceRequest for a SPECT (Attachment I codes and their LOINC/SNOMED/
 * RadLex equivalents) of the spine or sacroiliac joints. The SPECT codes are not spine-specific, so the spine must
 * come from the body site, the order's wording, or (with no body site at all) a spine-specific reason code.
 */
import type { OrderFact } from '../data/facts.js';
import type { CompiledPolicy } from './compile.js';
import type { Determination, SpineRegion } from './determination.js';
import { mentions, normalizeText } from './text.js';
import { canonicalSystem, inferSystem } from './value-set.js';

function orderCodeMatch(order: OrderFact, policy: CompiledPolicy) {
  for (const code of order.codes) {
    const m = policy.codes.firstMatch(code, policy.definition.scope.orderCodes);
    if (m) return m;
  }
  return undefined;
}

function siteTexts(order: OrderFact): (string | undefined)[] {
  return [
    order.codeText,
    order.bodySiteText,
    ...order.codes.map((c) => c.display),
    ...order.bodySites.map((b) => b.display),
  ];
}

function hasSpineBodySite(order: OrderFact, policy: CompiledPolicy): boolean {
  return order.bodySites.some((site) => policy.codes.firstMatch(site, policy.definition.scope.bodySites));
}

/** A reason code that can only be about the spine (flagged "spine site required" codes cannot place the order). */
function hasSpineSpecificReason(order: OrderFact, policy: CompiledPolicy): boolean {
  const sets = policy.definition.scope.spineDiagnosisValueSets;
  return order.reasonCodes.some((code) => {
    const matches = policy.codes.matchesOf(code);
    return matches !== undefined && sets.some((id) => matches.get(id)?.spineSiteRequired === false);
  });
}

export function isSpineSpectOrder(order: OrderFact, policy: CompiledPolicy): boolean {
  if (order.resourceType !== 'ServiceRequest') return false;
  if (!orderCodeMatch(order, policy)) return false;
  if (hasSpineBodySite(order, policy)) return true;
  if (mentions(policy.words(policy.definition.scope.words), siteTexts(order))) return true;
  const noBodySite = order.bodySites.length === 0 && !order.bodySiteText?.trim();
  return noBodySite && hasSpineSpecificReason(order, policy);
}

/**
 * order-sign: every draft (selections undefined); order-select: only the selected drafts, named
 * "ServiceRequest/<id>" (a bare id is tolerated). Keeps the drafts' order.
 */
export function selectOrdersInScope(
  drafts: OrderFact[],
  selections: string[] | undefined,
  policy: CompiledPolicy,
): OrderFact[] {
  const selected = selections ? new Set(selections.map((s) => s.trim())) : undefined;
  return drafts.filter(
    (order) =>
      (!selected || selected.has(order.reference) || selected.has(order.id)) &&
      isSpineSpectOrder(order, policy),
  );
}

/**
 * The spine region the order images, from its body-site codes and wording. More than one region, or none named,
 * reads "spine". ("Lumbosacral" is a lumbar word: whole-word matching keeps it from also reading "sacral".)
 */
export function regionOf(order: OrderFact, policy: CompiledPolicy): SpineRegion {
  const found = new Set<SpineRegion>();
  // Normalized once, then asked about each region's words.
  const texts: string[] = [];
  for (const text of siteTexts(order)) if (text) texts.push(normalizeText(text));
  for (const r of policy.regions) {
    const byCode = order.bodySites.some((s) => r.bodySiteCodes.has(s.code.trim()));
    if (byCode || texts.some((t) => r.words.pattern.test(t))) found.add(r.region);
  }
  return found.size === 1 ? [...found][0]! : 'spine';
}

/** The order's code that brought it under the policy, preferring a billing system (CPT) for CRD billingCode. */
export function billingCodeOf(order: OrderFact, policy: CompiledPolicy): Determination['billingCode'] {
  const billing = new Set(policy.definition.scope.billingSystems);
  let fallback: Determination['billingCode'];
  for (const code of order.codes) {
    const inPolicy = policy.codes.firstMatch(code, policy.definition.scope.orderCodes) !== undefined;
    if (!inPolicy) continue;
    const system = canonicalSystem(code.system) ?? inferSystem(code.code);
    if (!system) continue;
    const result = { system, code: code.code, ...(code.display ? { display: code.display } : {}) };
    if (billing.has(system)) return result;
    fallback ??= result;
  }
  return fallback;
}
