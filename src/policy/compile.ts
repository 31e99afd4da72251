/**
 * compilePolicy: validate policy.json and value-sets.json (zod), check every cross-reference once, and precompute
 * the lookups evaluation needs. A broken policy file fails here, at start-up, with a message naming the problem,
 * never half-way through a hook call.
 */
import type { z } from 'zod';
import { buildCodeIndex, type CodeIndex } from './code-index.js';
import {
  type IndicationDefinition,
  type PolicyDefinition,
  type PrerequisiteDefinition,
  policyDefinitionSchema,
  type Requirement,
} from './definition.js';
import type { IndicationId } from './determination.js';
import { type PhraseList, phraseList } from './text.js';
import { type CompiledValueSet, compileValueSets, valueSetFileSchema } from './value-set.js';

export interface PolicyBullet {
  id: string;
  section: string;
  text: string;
}

export interface CompiledIndication {
  id: IndicationId;
  bullet: string;
  /** The full sentence of the bullet (what cards and reviewers read). */
  policyText: string;
  requires: Requirement;
  prerequisites: readonly PrerequisiteDefinition[];
}

export interface CompiledRegion {
  region: 'cervical' | 'thoracic' | 'lumbar' | 'sacrum' | 'sacroiliac';
  bodySiteCodes: ReadonlySet<string>;
  words: PhraseList;
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
  regions: readonly CompiledRegion[];
  /** Look up a value set that compile has already proven to exist. */
  valueSet(id: string): CompiledValueSet;
  /** Look up a vocabulary that compile has already proven to exist. */
  words(name: string): PhraseList;
  /** The sentence of a bullet that compile has already proven to exist. */
  bulletText(id: string): string;
}

export function compilePolicy(definition: unknown, valueSets: unknown): CompiledPolicy {
  const def = parse('policy definition', policyDefinitionSchema, definition);
  const vsFile = parse('value sets', valueSetFileSchema, valueSets);

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
  const checkRequirement = (req: Requirement, where: string): void => {
    if ('conditionIn' in req) for (const id of req.conditionIn) needSet(id, where);
    else if ('procedureIn' in req) for (const id of req.procedureIn) needSet(id, where);
    else if ('orderReasonIn' in req) for (const id of req.orderReasonIn) needSet(id, where);
    else if ('priorImagingIn' in req) for (const id of req.priorImagingIn.valueSets) needSet(id, where);
    else if ('orderTextMatches' in req) needWords(req.orderTextMatches, where);
    else for (const part of 'allOf' in req ? req.allOf : req.anyOf) checkRequirement(part, where);
  };

  // Sets and words the evaluation code reads by name, whatever the policy file says.
  for (const id of ['spine-body-site', 'sacroiliac-joint-body-site', 'pelvis-body-site'])
    needSet(id, 'evaluation');
  for (const name of ['spine', 'pelvis']) needWords(name, 'evaluation');

  const { scope, simultaneous, investigational, otherIndications, guideline } = def;
  needQuote(scope.bullet, scope.quote, 'scope');
  for (const id of [...scope.orderCodes, ...scope.bodySites, ...scope.spineDiagnosisValueSets])
    needSet(id, 'scope');
  needWords(scope.words, 'scope');

  const seen = new Set<string>();
  for (const ind of def.indications) {
    const where = `indication ${ind.id}`;
    if (seen.has(ind.id)) problems.push(`${where} is defined twice`);
    seen.add(ind.id);
    if (!ind.bullet.startsWith('MN-'))
      problems.push(`${where}: a medically necessary indication must cite an MN bullet`);
    needQuote(ind.bullet, ind.quote, where);
    checkRequirement(ind.requires, where);
    for (const pre of ind.prerequisites) {
      needQuote(ind.bullet, pre.quote, `${where} prerequisite ${pre.id}`);
      checkRequirement(pre.requires, `${where} prerequisite ${pre.id}`);
    }
  }

  needQuote(simultaneous.bullet, simultaneous.quote, 'simultaneous');
  for (const id of simultaneous.excludedValueSets) needSet(id, 'simultaneous');
  for (const m of simultaneous.modalities)
    for (const id of m.valueSets) needSet(id, `simultaneous ${m.modality}`);
  needWords(simultaneous.excludedWords, 'simultaneous');
  needWords(simultaneous.rationaleWords, 'simultaneous');
  needQuote(investigational.bullet, investigational.quote, 'investigational');
  checkRequirement(investigational.requires, 'investigational');
  needQuote(otherIndications.bullet, otherIndications.quote, 'otherIndications');
  needQuote(guideline.bullet, guideline.quote, 'guideline');

  if (problems.length > 0) {
    throw new Error(`Invalid policy ${def.id} ${def.version}:\n- ${problems.join('\n- ')}`);
  }

  const indications: CompiledIndication[] = def.indications.map((ind: IndicationDefinition) => ({
    id: ind.id,
    bullet: ind.bullet,
    policyText: bullets.get(ind.bullet)!.text,
    requires: ind.requires,
    prerequisites: ind.prerequisites,
  }));

  return {
    id: def.id,
    version: def.version,
    title: def.title,
    url: def.url,
    effectiveDate: def.effectiveDate,
    bullets,
    valueSets: sets,
    codes: buildCodeIndex(sets),
    vocabulary,
    modalityWords: new Map(simultaneous.modalities.map((m) => [m.modality, phraseList(m.words)])),
    definition: def,
    indications,
    regions: scope.regions.map((r) => ({
      region: r.region,
      bodySiteCodes: new Set(r.bodySiteCodes),
      words: phraseList(r.words),
    })),
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
