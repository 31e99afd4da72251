/**
 * Which orders this policy applies to: a ServiceRequest for a SPECT (Attachment I codes and their LOINC/SNOMED/
 * RadLex equivalents) of the spine or sacroiliac joints. The SPECT codes are not spine-specific, so the spine must
 * come from the body site, the order's wording, or (with no body site at all) a spine-specific reason code.
 */
import type { OrderFact } from '../data/facts.js';
import type { CompiledPolicy } from './compile.js';
import type { Determination, SpineRegion } from './determination.js';
import type { RegionMask } from './regions.js';
import { mentions, type PhraseList, phraseList } from './text.js';
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

const orderRegionMemo = new WeakMap<CompiledPolicy, WeakMap<OrderFact, RegionMask>>();

/**
 * The regions the order images: its body site, code and words (code text, body-site text, displays); when these
 * name no region, the regions of its own reason codes (a SPECT ordered for M46.26 images the lumbar spine).
 * Worked out once per order object.
 */
export function orderRegionsOf(order: OrderFact, policy: CompiledPolicy): RegionMask {
  let memo = orderRegionMemo.get(policy);
  if (!memo) {
    memo = new WeakMap();
    orderRegionMemo.set(policy, memo);
  }
  let mask = memo.get(order);
  if (mask === undefined) {
    // The SPECT codes name no region; their displays are read as words, without the CPT descriptor's examples
    // ("single area (eg, head, neck, chest, pelvis)"), which say nothing about this order.
    const displays = order.codes.map((c) => c.display?.replace(/\(e\.?g\.?,?[^)]*\)/gi, ' '));
    mask = policy.regions.regionsOf(order.bodySites, [], [order.codeText, order.bodySiteText, ...displays]);
    if (!policy.regions.isStated(mask)) mask |= policy.regions.regionsOf([], order.reasonCodes, []);
    memo.set(order, mask);
  }
  return mask;
}

const CARD_REGIONS: ReadonlySet<string> = new Set(['cervical', 'thoracic', 'lumbar', 'sacrum', 'sacroiliac']);

/**
 * The one spine region the cards name for the order ("lumbar"), or "spine" when it names several, none, or a
 * region the cards have no single word for (pelvis, whole spine). Accepts the order or its regions.
 */
export function regionOf(order: OrderFact | RegionMask, policy: CompiledPolicy): SpineRegion {
  const mask = typeof order === 'number' ? order : orderRegionsOf(order, policy);
  const ids = policy.regions.idsOf(mask).filter((id) => id !== policy.regions.levelNotStated);
  // A lumbosacral order reads lumbar and sacrum; the cards name it lumbar, as its MRI alternative is the L-spine's.
  if (ids.length === 2 && ids.includes('lumbar') && ids.includes('sacrum')) return 'lumbar';
  return ids.length === 1 && CARD_REGIONS.has(ids[0]!) ? (ids[0] as SpineRegion) : 'spine';
}

/** What the order is, as clinicians name it ("SPECT", "SPECT/CT"): by its code, else by its words. */
export function modalityOf(order: OrderFact, policy: CompiledPolicy): string | undefined {
  const kinds = policy.definition.scope.orderModalities;
  for (const kind of kinds)
    if (order.codes.some((c) => kind.codes.includes(c.code.trim()))) return kind.modality;
  const texts = [order.codeText, ...order.codes.map((c) => c.display)];
  for (const kind of kinds)
    if (kind.words.length > 0 && mentions(phraseListOf(kind.words), texts)) return kind.modality;
  return undefined;
}

const phraseLists = new WeakMap<readonly string[], PhraseList>();
function phraseListOf(words: readonly string[]): PhraseList {
  let list = phraseLists.get(words);
  if (!list) {
    list = phraseList(words);
    phraseLists.set(words, list);
  }
  return list;
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
