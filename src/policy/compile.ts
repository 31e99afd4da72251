/**
 * compilePolicy: validate policy.json, value-sets.json and lexicons.json (zod), check every cross-reference once,
 * and precompile what evaluation needs (requirement atoms, the region model, the phrase matcher). A broken policy
 * file fails here, at start-up, with a message naming the problem, never half-way through a hook call.
 *
 * Cross-references checked: value set ids, lexicon concepts, vocabularies, windows, region ids (in the anatomy, and
 * in value-set entries' `regions`), finding codes (every one a rule raises is declared, every declared one is
 * raised), bullet ids and that every quote is really part of the bullet it cites.
 */
import type { z } from 'zod';
import { buildCodeIndex, type CodeIndex } from './code-index.js';
import { type PolicyDefinition, type PrerequisiteDefinition, policyDefinitionSchema } from './definition.js';
import type { IndicationId } from './determination.js';
import { type LexiconFile, lexiconFileSchema } from './lexicon.js';
import { compileRegions, type RegionModel } from './regions.js';
import type { CompileContext, Requirement, RequirementAtom } from './requirements/kind.js';
import { compileRequirement } from './requirements/registry.js';
import { type PhraseList, phraseList } from './text.js';
import { compileMatcher, type PhraseMatcher } from './text-matcher.js';
import { type CompiledValueSet, compileValueSets, valueSetFileSchema } from './value-set.js';

export interface PolicyBullet {
  id: string;
  section: string;
  text: string;
}

export interface CompiledPrerequisite extends PrerequisiteDefinition {
  atom: RequirementAtom;
}

export interface CompiledIndication {
  id: IndicationId;
  bullet: string;
  /** The full sentence of the bullet (what cards and reviewers read). */
  policyText: string;
  /** The requirement as written in policy.json, for reviewers and the audit. */
  requires: Requirement;
  atom: RequirementAtom;
  prerequisites: readonly CompiledPrerequisite[];
}

export interface CompiledPolicy {
  id: string;
  version: string;
  title: string;
  url: string;
  effectiveDate: string;
  bullets: ReadonlyMap<string, PolicyBullet>;
  valueSets: ReadonlyMap<string, CompiledValueSet>;
  /** Every value set in one lookup: which sets a code is in, answered once per code (code-index.ts). */
  codes: CodeIndex;
  vocabulary: ReadonlyMap<string, PhraseList>;
  /** The words of each simultaneous-imaging modality (by modality name), compiled once. */
  modalityWords: ReadonlyMap<string, PhraseList>;
  /** The validated definition, for rules read as data (statuses, messages, modality lists). */
  definition: PolicyDefinition;
  indications: readonly CompiledIndication[];
  /** The indication ids, in the policy's order (the Determination's criterion ids). */
  indicationIds: readonly string[];
  /** Every finding code the policy declares (the Determination's finding codes). */
  findingCodes: readonly string[];
  /** Time windows by id, in days. */
  windows: ReadonlyMap<string, number>;
  regions: RegionModel;
  matcher: PhraseMatcher;
  investigational: RequirementAtom;
  /** Look up a value set that compile has already proven to exist. */
  valueSet(id: string): CompiledValueSet;
  /** Look up a vocabulary that compile has already proven to exist. */
  words(name: string): PhraseList;
  /** The sentence of a bullet that compile has already proven to exist. */
  bulletText(id: string): string;
}

export function compilePolicy(definition: unknown, valueSets: unknown, lexicons: unknown): CompiledPolicy {
  const def = parse('policy definition', policyDefinitionSchema, definition);
  const vsFile = parse('value sets', valueSetFileSchema, valueSets);
  const lexFile: LexiconFile = parse('lexicons', lexiconFileSchema, lexicons);

  let sets: Map<string, CompiledValueSet>;
  try {
    sets = compileValueSets(vsFile);
  } catch (error) {
    throw new Error(`Invalid value sets: ${(error as Error).message}`);
  }

  const problems: string[] = [];
  const bullets = new Map<string, PolicyBullet>();
  for (const b of def.bullets) {
    if (bullets.has(b.id)) problems.push(`bullet ${b.id} is listed twice`);
    bullets.set(b.id, b);
  }
  const vocabulary = new Map<string, PhraseList>(
    Object.entries(def.vocabulary).map(([name, phrases]) => [name, phraseList(phrases)]),
  );
  const needBullet = (bullet: string, where: string) => {
    if (!bullets.has(bullet)) problems.push(`${where}: unknown bullet "${bullet}"`);
  };
  const needSet = (id: string, where: string) => {
    if (!sets.has(id)) problems.push(`${where}: unknown value set "${id}"`);
  };
  const needWords = (name: string, where: string) => {
    if (!vocabulary.has(name)) problems.push(`${where}: unknown vocabulary "${name}"`);
  };
  const needQuote = (bullet: string, quote: string, where: string) => {
    const text = bullets.get(bullet)?.text;
    if (text === undefined) problems.push(`${where}: unknown bullet "${bullet}"`);
    else if (!squash(text).includes(squash(quote)))
      problems.push(`${where}: quote is not in bullet ${bullet}: "${quote}"`);
  };

  // Declared once: finding codes, windows, regions, lexicon concepts.
  const findings = new Map<string, readonly string[]>();
  for (const f of def.findings) {
    if (findings.has(f.code)) problems.push(`finding ${f.code} is declared twice`);
    findings.set(f.code, f.bullets);
    for (const b of f.bullets) needBullet(b, `finding ${f.code}`);
  }
  const raised = new Set<string>();
  const needFinding = (code: string, bullet: string, where: string) => {
    raised.add(code);
    const allowed = findings.get(code);
    if (!allowed) problems.push(`${where}: finding "${code}" is not declared in findings`);
    else if (!allowed.includes(bullet))
      problems.push(`${where}: finding "${code}" is not declared for ${bullet}`);
  };
  const windows = new Map<string, number>();
  for (const w of def.windows) {
    if (windows.has(w.id)) problems.push(`window ${w.id} is declared twice`);
    windows.set(w.id, w.days);
    needQuote(w.bullet, w.quote, `window ${w.id}`);
  }
  const regionIds = new Set<string>();
  for (const r of def.anatomy.regions) {
    if (regionIds.has(r.id)) problems.push(`region ${r.id} is declared twice`);
    regionIds.add(r.id);
  }
  const needRegion = (region: string, where: string) => {
    if (!regionIds.has(region)) problems.push(`${where}: unknown region "${region}"`);
  };
  for (const r of def.anatomy.regions) for (const c of r.covers ?? []) needRegion(c, `region ${r.id}`);
  const unstated = def.anatomy.regions.filter((r) => r.levelNotStated);
  if (unstated.length !== 1) problems.push('anatomy: exactly one region must be levelNotStated');
  if (def.anatomy.regions.length > 30) problems.push('anatomy: at most 30 regions');
  for (const ids of Object.values(def.anatomy.icd10cm.siteCharacters))
    for (const r of ids) needRegion(r, 'anatomy.icd10cm.siteCharacters');
  for (const rule of def.anatomy.icd10cm.rules)
    if ('regions' in rule) for (const r of rule.regions) needRegion(r, `anatomy.icd10cm ${rule.prefix}`);
  for (const vs of vsFile.valueSets)
    for (const entry of vs.codes)
      for (const r of entry.regions ?? []) needRegion(r, `value set ${vs.id} ${entry.code}`);
  needQuote(def.anatomy.bullet, def.anatomy.quote, 'anatomy');

  const concepts = new Set<string>();
  for (const c of lexFile.concepts) {
    if (concepts.has(c.id)) problems.push(`lexicon concept ${c.id} is declared twice`);
    concepts.add(c.id);
    for (const b of c.bullets) needBullet(b, `lexicon concept ${c.id}`);
  }
  for (const t of lexFile.triggers) for (const b of t.bullets) needBullet(b, `lexicon trigger "${t.phrase}"`);
  if (lexFile.policy !== def.id) problems.push(`lexicons are for policy ${lexFile.policy}, not ${def.id}`);

  const compileIn = (req: Requirement, where: string): RequirementAtom => {
    const ctx: CompileContext = {
      where,
      problem: (message) => problems.push(`${where}: ${message}`),
      needValueSet: (id) => needSet(id, where),
      needConcept: (id) => {
        if (!concepts.has(id)) problems.push(`${where}: unknown lexicon concept "${id}"`);
      },
      windowDays: (id) => {
        const days = windows.get(id);
        if (days === undefined) problems.push(`${where}: unknown window "${id}"`);
        return days;
      },
      compile: (nested) => compileIn(nested, where),
    };
    return compileRequirement(req, ctx);
  };

  // Sets and words the evaluation code reads by name, whatever the policy file says.
  for (const id of ['spine-body-site', 'sacroiliac-joint-body-site']) needSet(id, 'evaluation');
  needWords('spine', 'evaluation');

  const { scope, simultaneous, investigational, otherIndications, guideline } = def;
  needQuote(scope.bullet, scope.quote, 'scope');
  for (const id of [...scope.orderCodes, ...scope.bodySites, ...scope.spineDiagnosisValueSets])
    needSet(id, 'scope');
  needWords(scope.words, 'scope');

  const seen = new Set<string>();
  const indications: CompiledIndication[] = [];
  for (const ind of def.indications) {
    const where = `indication ${ind.id}`;
    if (seen.has(ind.id)) problems.push(`${where} is defined twice`);
    seen.add(ind.id);
    if (!ind.bullet.startsWith('MN-'))
      problems.push(`${where}: a medically necessary indication must cite an MN bullet`);
    needQuote(ind.bullet, ind.quote, where);
    const atom = compileIn(ind.requires, where);
    const prerequisites = ind.prerequisites.map((pre) => {
      const at = `${where} prerequisite ${pre.id}`;
      needQuote(ind.bullet, pre.quote, at);
      needFinding(pre.finding, ind.bullet, at);
      return { ...pre, atom: compileIn(pre.requires, at) };
    });
    indications.push({
      id: ind.id,
      bullet: ind.bullet,
      policyText: bullets.get(ind.bullet)?.text ?? '',
      requires: ind.requires,
      atom,
      prerequisites,
    });
  }
  // Raised for a prerequisite met only by a study whose region cannot be compared (indication.ts).
  raised.add(def.anatomy.unplaced.finding);
  if (!findings.has(def.anatomy.unplaced.finding))
    problems.push(`anatomy.unplaced: finding "${def.anatomy.unplaced.finding}" is not declared in findings`);

  needQuote(simultaneous.bullet, simultaneous.quote, 'simultaneous');
  needFinding(simultaneous.finding, simultaneous.bullet, 'simultaneous');
  if (!windows.has(simultaneous.window))
    problems.push(`simultaneous: unknown window "${simultaneous.window}"`);
  for (const id of simultaneous.excludedValueSets) needSet(id, 'simultaneous');
  for (const m of simultaneous.modalities)
    for (const id of m.valueSets) needSet(id, `simultaneous ${m.modality}`);
  needWords(simultaneous.excludedWords, 'simultaneous');
  needWords(simultaneous.rationaleWords, 'simultaneous');
  needQuote(investigational.bullet, investigational.quote, 'investigational');
  needFinding(investigational.finding, investigational.bullet, 'investigational');
  const investigationalAtom = compileIn(investigational.requires, 'investigational');
  needQuote(otherIndications.bullet, otherIndications.quote, 'otherIndications');
  needFinding(otherIndications.finding, otherIndications.bullet, 'otherIndications');
  needQuote(guideline.bullet, guideline.quote, 'guideline');
  for (const code of findings.keys())
    if (!raised.has(code)) problems.push(`finding ${code} is declared but no rule raises it`);

  if (problems.length > 0) {
    throw new Error(`Invalid policy ${def.id} ${def.version}:\n- ${problems.join('\n- ')}`);
  }

  const codes = buildCodeIndex(sets);
  return {
    id: def.id,
    version: def.version,
    title: def.title,
    url: def.url,
    effectiveDate: def.effectiveDate,
    bullets,
    valueSets: sets,
    codes,
    vocabulary,
    modalityWords: new Map(simultaneous.modalities.map((m) => [m.modality, phraseList(m.words)])),
    definition: def,
    indications,
    indicationIds: indications.map((i) => i.id),
    findingCodes: [...findings.keys()],
    windows,
    regions: compileRegions(def.anatomy, codes),
    matcher: compileMatcher(lexFile),
    investigational: investigationalAtom,
    valueSet: (id) => {
      const vs = sets.get(id);
      if (!vs) throw new Error(`value set "${id}" is not in policy ${def.id}`);
      return vs;
    },
    words: (name) => {
      const list = vocabulary.get(name);
      if (!list) throw new Error(`vocabulary "${name}" is not in policy ${def.id}`);
      return list;
    },
    bulletText: (id) => {
      const bullet = bullets.get(id);
      if (!bullet) throw new Error(`bullet "${id}" is not in policy ${def.id}`);
      return bullet.text;
    },
  };
}

/**
 * The card texts must speak of every indication and finding the policy declares: checked at start-up where both
 * are loaded (src/app), so an 11th indication added to the policy data without its card text stops the service
 * with a message rather than rendering an empty card. Returns the problems; none when the texts cover the policy.
 */
export function missingCardTexts(
  policy: CompiledPolicy,
  texts: { indications: Record<string, unknown>; findings: Record<string, unknown> },
): string[] {
  const problems: string[] = [];
  for (const id of policy.indicationIds)
    if (!(id in texts.indications)) problems.push(`card texts have no entry for indication "${id}"`);
  for (const code of policy.findingCodes)
    if (!(code in texts.findings)) problems.push(`card texts have no entry for finding "${code}"`);
  for (const id of Object.keys(texts.indications))
    if (!policy.indicationIds.includes(id)) problems.push(`card texts name an unknown indication "${id}"`);
  for (const code of Object.keys(texts.findings))
    if (!policy.findingCodes.includes(code)) problems.push(`card texts name an unknown finding "${code}"`);
  return problems;
}

function parse<T>(what: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('\n- ');
  throw new Error(`Invalid ${what}:\n- ${issues}`);
}

/** Quotes are compared ignoring case, spacing and emphasis markup, so a quote may span the bullet's line breaks. */
function squash(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*\s]+/g, ' ')
    .trim();
}
