/**
 * Derives the ICD-10-CM and WHO ICD-10 entries of a policy's value sets from its category rules
 * (policy/<id>/derive/icd10cm-rules.json) over an ICD-10-CM code list (policy/<id>/derive/icd10cm-codes.txt).
 *
 * A rule names a category a policy bullet names and how the category's site character reads: every billable code
 * under the category is decoded, its site looked up in the rule's site axis (longest key first), and one entry is
 * written per site: exact when the code through the site character is itself billable (M46.26), a prefix when it has
 * children (M48.46 for M48.46XA...). A site the axis does not name stops the derivation, so a code list with a new
 * site cannot silently drop codes. The entries the rules wrote (marked derived), and hand entries under a rule's
 * category, are the rules' own: they are replaced, every other entry is kept as written. Pure:
 * scripts/derive-value-sets.ts reads and writes the files.
 */
import { z } from 'zod';
import { SYSTEMS, type ValueSetCode, type ValueSetFile } from '../../src/policy/value-set.js';

const siteSchema = z.object({
  name: z.string().min(1),
  /** The whole display, where "<title>, <name>" would not read as the code's title. */
  display: z.string().min(1).optional(),
  regions: z.array(z.string().min(1)).optional(),
  /** Whether the code places the condition in the spine; defaults to the rule's (true unless it says otherwise). */
  spine: z.boolean().optional(),
  /** A site the bullet does not concern (a limb): its codes are left out on purpose. */
  exclude: z.boolean().optional(),
});

const icdCode = z.string().regex(/^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'an ICD-10 code with its dot');

const ruleSchema = z
  .object({
    category: icdCode,
    valueSet: z.string().min(1),
    bullet: z.string().min(1),
    title: z.string().min(1),
    /** Where the site character is (0-based, in the code without its dot) and which axis reads it. */
    site: z
      .object({
        axis: z.string().min(1),
        at: z.number().int().min(3).max(6),
        sites: z.record(z.string(), siteSchema).optional(),
      })
      .optional(),
    /** A category whose site is the category itself (S32.1 is the sacrum): one entry. */
    fixed: z
      .object({
        match: z.enum(['exact', 'prefix']),
        regions: z.array(z.string().min(1)).optional(),
        source: z.string().min(1).optional(),
      })
      .optional(),
    spine: z.boolean().optional(),
    note: z.string().optional(),
  })
  .refine((r) => (r.site === undefined) !== (r.fixed === undefined), 'a rule has either "site" or "fixed"');

/** WHO ICD-10 codes read where they mean what the ICD-10-CM code of the same category means (R-ICD-WHO). */
const whoRuleSchema = z.object({
  code: icdCode,
  match: z.enum(['exact', 'prefix']),
  valueSet: z.string().min(1),
  bullet: z.string().min(1),
  title: z.string().min(1),
  regions: z.array(z.string().min(1)).optional(),
  spine: z.boolean().optional(),
  /** Also list the WHO fifth characters 1-8 of the dorsopathies (M40-M54) with the regions they name. */
  spineSiteCharacters: z.boolean().optional(),
  note: z.string().optional(),
});

export const rulesFileSchema = z.object({
  description: z.string(),
  codeList: z.object({ file: z.string().min(1), source: z.string().min(1), verified: z.boolean() }),
  who: z.object({
    description: z.string(),
    source: z.string().min(1),
    verified: z.boolean(),
    rules: z.array(whoRuleSchema),
  }),
  axes: z.record(z.string(), z.object({ description: z.string(), sites: z.record(z.string(), siteSchema) })),
  rules: z.array(ruleSchema).min(1),
});

export type RulesFile = z.infer<typeof rulesFileSchema>;
export type CategoryRule = z.infer<typeof ruleSchema>;
type Site = z.infer<typeof siteSchema>;

/** An ICD-10-CM code list: the codes without dots, in file order, and which of them are billable (have no child). */
export interface CodeList {
  codes: readonly string[];
  billable(code: string): boolean;
}

export function parseCodeList(text: string): CodeList {
  const codes = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const parents = new Set<string>();
  for (const code of codes) for (let n = 3; n < code.length; n++) parents.add(code.slice(0, n));
  return { codes, billable: (code) => !parents.has(code) };
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const undot = (code: string) => code.replace('.', '');
const dotted = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);

/** The WHO fifth character of the dorsopathies: 1-8 as in ICD-10-CM (0 is multiple sites, 9 unspecified). */
const WHO_SPINE_SITES = '12345678';

/** A billable code under a site rule, decoded. */
export interface DecodedCode {
  code: string;
  rule: CategoryRule;
  /** The code through its site character: the entry that stands for it. */
  stem: string;
  site: Site;
}

function sitesOf(file: RulesFile, rule: CategoryRule): Record<string, Site> {
  const site = rule.site!;
  const axis = file.axes[site.axis];
  if (!axis) throw new Error(`${rule.category}: unknown site axis "${site.axis}"`);
  return { ...axis.sites, ...site.sites };
}

/** The rule of the value set that decides a code: the longest category that covers it. */
function decidingRule(rules: readonly CategoryRule[], code: string): CategoryRule | undefined {
  let best: CategoryRule | undefined;
  for (const rule of rules) {
    const key = undot(rule.category);
    const covers = rule.fixed?.match === 'exact' ? code === key : code.startsWith(key);
    if (covers && (!best || key.length > undot(best.category).length)) best = rule;
  }
  return best;
}

/**
 * Every billable code under every site rule, decoded; the excluded ones too (site.exclude), so that a test can show
 * each was left out on purpose. Throws on a site the axis does not name.
 */
export function decodeCodes(file: RulesFile, list: CodeList): DecodedCode[] {
  const decoded: DecodedCode[] = [];
  const byValueSet = groupBy(file.rules, (r) => r.valueSet);
  for (const rules of byValueSet.values()) {
    for (const rule of rules) {
      if (!rule.site) continue;
      const key = undot(rule.category);
      const sites = sitesOf(file, rule);
      const siteKeys = Object.keys(sites).sort((a, b) => b.length - a.length);
      for (const code of list.codes) {
        if (!code.startsWith(key) || !list.billable(code) || decidingRule(rules, code) !== rule) continue;
        const rest = code.slice(rule.site.at);
        const siteKey = siteKeys.find((k) => rest.startsWith(k));
        if (siteKey === undefined || rest === '')
          throw new Error(
            `${rule.category}: ${dotted(code)} has a site "${rest}" the rule's axis does not name`,
          );
        decoded.push({
          code,
          rule,
          stem: code.slice(0, rule.site.at + siteKey.length),
          site: sites[siteKey]!,
        });
      }
    }
  }
  return decoded;
}

function entry(
  system: string,
  code: string,
  match: 'exact' | 'prefix',
  display: string,
  provenance: { source: string; verified: boolean },
  extra: { spine: boolean; regions?: readonly string[]; note?: string },
): ValueSetCode {
  return {
    system,
    code,
    match,
    display,
    verified: provenance.verified,
    source: provenance.source,
    derived: true,
    ...(extra.spine ? {} : { spineSiteRequired: true }),
    ...(extra.regions && extra.regions.length > 0 ? { regions: [...extra.regions] } : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

/** The derived entries of each value set, in rule order, one per site stem. */
export function deriveEntries(file: RulesFile, list: CodeList): Map<string, ValueSetCode[]> {
  const out = new Map<string, ValueSetCode[]>();
  const push = (valueSet: string, e: ValueSetCode) => {
    const entries = out.get(valueSet) ?? [];
    if (!entries.some((x) => x.system === e.system && x.code === e.code)) entries.push(e);
    out.set(valueSet, entries);
  };
  const decoded = groupBy(decodeCodes(file, list), (d) => d.rule);
  for (const rule of file.rules) {
    const ruleSpine = rule.spine ?? true;
    if (rule.fixed) {
      const provenance = {
        source: rule.fixed.source ?? file.codeList.source,
        verified: file.codeList.verified,
      };
      push(
        rule.valueSet,
        entry(SYSTEMS.icd10cm, rule.category, rule.fixed.match, rule.title, provenance, {
          spine: ruleSpine,
          ...(rule.fixed.regions ? { regions: rule.fixed.regions } : {}),
          ...(rule.note ? { note: rule.note } : {}),
        }),
      );
      continue;
    }
    const codes = decoded.get(rule) ?? [];
    // The category's own code first: EHR problem lists carry headers ("M46.2"), and a code CMS adds later falls under
    // it. A prefix when every site of the category counts (a longer entry still decides, with its regions); the header
    // alone when some sites are left out, since a prefix would take in the limb codes.
    const whole = !codes.some((d) => d.site.exclude);
    push(
      rule.valueSet,
      entry(SYSTEMS.icd10cm, rule.category, whole ? 'prefix' : 'exact', rule.title, file.codeList, {
        spine: ruleSpine,
        note: whole
          ? 'The category: its header, and codes added after the code list, without a region'
          : 'The category header alone (its site is not stated)',
      }),
    );
    for (const d of codes) {
      if (d.site.exclude) continue;
      push(
        rule.valueSet,
        entry(
          SYSTEMS.icd10cm,
          dotted(d.stem),
          list.billable(d.stem) ? 'exact' : 'prefix',
          d.site.display ?? `${rule.title}, ${d.site.name}`,
          file.codeList,
          {
            spine: d.site.spine ?? ruleSpine,
            ...(d.site.regions ? { regions: d.site.regions } : {}),
            ...(rule.note ? { note: rule.note } : {}),
          },
        ),
      );
    }
  }
  const spineAxis = file.axes.spine?.sites;
  for (const rule of file.who.rules) {
    if (rule.spineSiteCharacters && !spineAxis)
      throw new Error(`WHO ${rule.code}: spineSiteCharacters needs the "spine" axis`);
    const extra = {
      spine: rule.spine ?? true,
      ...(rule.regions ? { regions: rule.regions } : {}),
      ...(rule.note ? { note: rule.note } : {}),
    };
    push(rule.valueSet, entry(SYSTEMS.icd10, rule.code, rule.match, rule.title, file.who, extra));
    if (!rule.spineSiteCharacters) continue;
    for (const c of WHO_SPINE_SITES) {
      const site = spineAxis![c]!;
      push(
        rule.valueSet,
        entry(
          SYSTEMS.icd10,
          `${rule.code}${rule.code.includes('.') ? '' : '.'}${c}`,
          'exact',
          `${rule.title}, ${site.name}`,
          file.who,
          {
            ...extra,
            ...(site.regions ? { regions: site.regions } : {}),
          },
        ),
      );
    }
  }
  return out;
}

/**
 * Whether a written entry is one the rules own (and so rewrite): one they wrote before (derived), or an ICD entry
 * under, or over, a category a rule of the set names (a hand entry the rules take over).
 */
function ownedBy(file: RulesFile, valueSet: string): (e: ValueSetCode) => boolean {
  const categories = file.rules.filter((r) => r.valueSet === valueSet).map((r) => undot(r.category));
  const whoOwned = file.who.rules.some((r) => r.valueSet === valueSet);
  return (e) => {
    if (e.derived) return true;
    if (e.system === SYSTEMS.icd10) return whoOwned;
    if (e.system !== SYSTEMS.icd10cm) return false;
    const code = undot(e.code).toUpperCase();
    return categories.some((c) => code.startsWith(c) || (e.match === 'prefix' && c.startsWith(code)));
  };
}

/**
 * The value-set file with every rule-owned entry replaced by the derived ones, at the place of the first owned entry
 * (or at the end): re-deriving an up-to-date file gives the same file.
 */
export function applyDerivation(file: RulesFile, list: CodeList, valueSets: ValueSetFile): ValueSetFile {
  const derived = deriveEntries(file, list);
  const known = new Set(valueSets.valueSets.map((vs) => vs.id));
  for (const id of derived.keys())
    if (!known.has(id)) throw new Error(`rules name unknown value set "${id}"`);
  return {
    ...valueSets,
    valueSets: valueSets.valueSets.map((vs) => {
      const entries = derived.get(vs.id) ?? [];
      const owned = ownedBy(file, vs.id);
      if (entries.length === 0 && !vs.codes.some(owned)) return vs;
      const at = vs.codes.findIndex(owned);
      const kept = vs.codes.filter((e) => !owned(e));
      const insertAt = at === -1 ? kept.length : vs.codes.slice(0, at).filter((e) => !owned(e)).length;
      return { ...vs, codes: [...kept.slice(0, insertAt), ...entries, ...kept.slice(insertAt)] };
    }),
  };
}
