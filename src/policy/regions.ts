/**
 * The region model: which anatomical regions a fact concerns, and whether two facts' regions overlap.
 *
 * Regions are declared once, in policy.json (`anatomy.regions`): an id, the body-site codes and words that name it,
 * and the regions it covers (a whole-spine study covers every spine level; a pelvis film shows the sacrum and the
 * sacroiliac joints). One region is marked `levelNotStated`: "the spine, level not stated".
 *
 * A set of regions is a bit mask (one bit per declared region, plus one for anatomy outside every declared region),
 * expanded with what each region covers, so an overlap test is one AND. Regions come from, in order: the fact's
 * coded bodySite, its codes (a value-set entry's `regions`, the ICD-10-CM site character), and the words of its
 * bodySite text, code text, displays and descriptions. A fact's mask is 0 when nothing names a place.
 */
import type { Code } from '../data/facts.js';
import type { CodeIndex } from './code-index.js';
import type { AnatomyDefinition } from './definition.js';
import { type PhraseList, phraseList } from './text.js';
import { canonicalSystem, inferSystem, SYSTEMS, type ValueSetCode } from './value-set.js';

/** A set of regions as a bit mask (see RegionModel). */
export type RegionMask = number;

/** Whether two facts concern the same place: yes, no, or cannot tell (a level not stated, or no region at all). */
export type Overlap = 'yes' | 'no' | 'unknown';

export interface RegionModel {
  /** The declared region ids, in the policy's order. */
  readonly ids: readonly string[];
  /** The id of the "spine, level not stated" region. */
  readonly levelNotStated: string;
  /** The mask of a region id, expanded with what it covers. Throws for an undeclared id (compile checked them). */
  maskOf(id: string): RegionMask;
  /** The union of several ids' masks. */
  maskOfAll(ids: readonly string[]): RegionMask;
  /** The region ids named by the mask's own bits (not those it covers only), for evidence and the Determination. */
  idsOf(mask: RegionMask): string[];
  /** The regions a fact concerns, from its body sites, codes and words. */
  regionsOf(
    bodySites: readonly Code[],
    codes: readonly Code[],
    texts: readonly (string | undefined)[],
  ): RegionMask;
  /** The regions named by words only (a note, a description). */
  regionsOfText(texts: readonly (string | undefined)[]): RegionMask;
  overlap(a: RegionMask, b: RegionMask): Overlap;
  /** Whether the mask names a place precisely enough to compare (a level, a joint, the whole spine, elsewhere). */
  isStated(mask: RegionMask): boolean;
}

interface CompiledRegion {
  id: string;
  bit: number;
  mask: RegionMask;
  words: PhraseList;
}

interface IcdRule {
  prefix: string;
  regions?: RegionMask;
  siteCharacter?: number;
}

export function compileRegions(anatomy: AnatomyDefinition, codes: CodeIndex): RegionModel {
  const bits = new Map<string, number>();
  for (const [i, r] of anatomy.regions.entries()) bits.set(r.id, 1 << i);
  /** Anatomy outside every declared region (a knee body site): stated, and overlapping no region. */
  const ELSEWHERE = 1 << anatomy.regions.length;
  const levelNotStated = anatomy.regions.find((r) => r.levelNotStated)!.id;
  const UNSTATED = bits.get(levelNotStated)!;

  // Expanded masks: a region's own bit and those of the regions it covers, transitively.
  const masks = new Map<string, RegionMask>();
  const expand = (id: string, path: string[]): RegionMask => {
    const known = masks.get(id);
    if (known !== undefined) return known;
    const region = anatomy.regions.find((r) => r.id === id)!;
    let mask = bits.get(id)!;
    for (const covered of region.covers ?? []) {
      if (!path.includes(covered)) mask |= expand(covered, [...path, id]);
    }
    masks.set(id, mask);
    return mask;
  };
  const regions: CompiledRegion[] = anatomy.regions.map((r) => ({
    id: r.id,
    bit: bits.get(r.id)!,
    mask: expand(r.id, []),
    words: phraseList(r.words),
  }));

  const bodySites = new Map<string, RegionMask>();
  for (const r of anatomy.regions) {
    for (const code of r.bodySiteCodes) bodySites.set(code, (bodySites.get(code) ?? 0) | masks.get(r.id)!);
  }

  const maskOfAll = (ids: readonly string[]): RegionMask => {
    let mask = 0;
    for (const id of ids) {
      const m = masks.get(id);
      if (m === undefined) throw new Error(`region "${id}" is not declared in the policy`);
      mask |= m;
    }
    return mask;
  };

  const icdRules: IcdRule[] = anatomy.icd10cm.rules
    .map((rule) => ({
      prefix: rule.prefix.replace(/\./g, '').toUpperCase(),
      ...('regions' in rule ? { regions: maskOfAll(rule.regions) } : { siteCharacter: rule.siteCharacter }),
    }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const siteCharacters = new Map<string, RegionMask>(
    Object.entries(anatomy.icd10cm.siteCharacters).map(([ch, ids]) => [ch.toUpperCase(), maskOfAll(ids)]),
  );

  /** The ICD-10-CM code's site, from the category's site character or the category itself. */
  const icdRegions = (code: string): RegionMask => {
    const key = code.replace(/\./g, '').trim().toUpperCase();
    for (const rule of icdRules) {
      if (!key.startsWith(rule.prefix)) continue;
      if (rule.regions !== undefined) return rule.regions;
      const ch = rule.siteCharacter !== undefined ? key[rule.siteCharacter - 1] : undefined;
      return ch ? (siteCharacters.get(ch) ?? 0) : 0;
    }
    return 0;
  };

  // A value-set entry's regions, worked out once per entry.
  const entryMasks = new WeakMap<ValueSetCode, RegionMask>();
  const entryRegions = (entry: ValueSetCode): RegionMask => {
    let mask = entryMasks.get(entry);
    if (mask === undefined) {
      mask = entry.regions ? maskOfAll(entry.regions) : 0;
      entryMasks.set(entry, mask);
    }
    return mask;
  };

  const codeRegions = (code: Code): RegionMask => {
    let mask = 0;
    const matches = codes.matchesOf(code);
    if (matches) for (const m of matches.values()) mask |= entryRegions(m.entry);
    if (mask !== 0) return mask;
    const system = canonicalSystem(code.system) ?? inferSystem(code.code);
    return system === SYSTEMS.icd10cm ? icdRegions(code.code) : 0;
  };

  /** "Lumbar spine" names the lumbar level: the level-not-stated bit is kept only when no level is named. */
  const tidy = (mask: RegionMask): RegionMask => ((mask & ~UNSTATED) !== 0 ? mask & ~UNSTATED : mask);

  const regionsOfText = (texts: readonly (string | undefined)[]): RegionMask => {
    let mask = 0;
    for (const text of texts) {
      if (!text) continue;
      const normalized = ` ${text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()} `;
      for (const r of regions) if (r.words.pattern.test(normalized)) mask |= r.mask;
    }
    return tidy(mask);
  };

  const stated = ~UNSTATED;
  return {
    ids: anatomy.regions.map((r) => r.id),
    levelNotStated,
    maskOf: (id) => maskOfAll([id]),
    maskOfAll,
    idsOf: (mask) => regions.filter((r) => (mask & r.bit) !== 0).map((r) => r.id),
    regionsOf(sites, factCodes, texts) {
      let mask = 0;
      let uncoded = false;
      for (const site of sites) {
        const m = bodySites.get(site.code.trim());
        if (m !== undefined) mask |= m;
        else uncoded = true;
      }
      for (const code of factCodes) mask |= codeRegions(code);
      const siteTexts = sites.map((s) => s.display);
      mask |= regionsOfText([...texts, ...siteTexts, ...factCodes.map((c) => c.display)]);
      // A body site coded but naming none of the declared regions (a knee) places the fact elsewhere.
      if (mask === 0 && uncoded) mask = ELSEWHERE;
      return tidy(mask);
    },
    regionsOfText,
    overlap(a, b) {
      if ((a & stated) === 0 || (b & stated) === 0) return 'unknown';
      return (a & b & stated & ~ELSEWHERE) !== 0 ? 'yes' : 'no';
    },
    isStated: (mask) => (mask & stated) !== 0,
  };
}
