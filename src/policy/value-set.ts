/**
 * Value sets: the file format of policy/<id>/value-sets.json and its compiled, matchable form.
 *
 * Compiling turns each set into hash lookups (system|code) plus a short list of ICD prefixes (ICD-10-CM and WHO
 * ICD-10, each system's apart), so matching a code is O(1) plus one hash lookup per distinct prefix length. Sets
 * that include other sets are flattened here once.
 */
import { z } from 'zod';
import type { Code } from '../data/facts.js';

export const SYSTEMS = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  /** WHO ICD-10: read only where a value set lists the WHO code itself (docs/policy.md, R-ICD-WHO). */
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  snomed: 'http://snomed.info/sct',
  cpt: 'http://www.ama-assn.org/go/cpt',
  loinc: 'http://loinc.org',
  radlex: 'http://radlex.org',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
} as const;

/** Other spellings of the same code systems seen in EHR data (OIDs, www. variants); mapped to the canonical URI. */
const SYSTEM_ALIASES: Record<string, string> = {
  'urn:oid:2.16.840.1.113883.6.90': SYSTEMS.icd10cm,
  'http://hl7.org/fhir/sid/icd-10-us': SYSTEMS.icd10cm,
  'urn:oid:2.16.840.1.113883.6.3': SYSTEMS.icd10,
  'urn:oid:2.16.840.1.113883.6.96': SYSTEMS.snomed,
  'urn:oid:2.16.840.1.113883.6.12': SYSTEMS.cpt,
  'urn:oid:2.16.840.1.113883.6.1': SYSTEMS.loinc,
  'urn:oid:2.16.840.1.113883.6.256': SYSTEMS.radlex,
  'http://www.radlex.org': SYSTEMS.radlex,
  'urn:oid:1.2.840.10008.2.16.4': SYSTEMS.dicom,
};

const codeEntrySchema = z.object({
  system: z.string().min(1),
  code: z.string().min(1),
  match: z.enum(['exact', 'prefix']),
  display: z.string(),
  verified: z.boolean().optional(),
  source: z.string().min(1),
  /** The code is not spine-specific: it counts only with a spine body site or spine words (see docs/policy.md). */
  spineSiteRequired: z.boolean().optional(),
  /**
   * The anatomical regions the code itself names (region ids of the policy's anatomy, checked at load): a lumbar
   * x-ray code, an ICD-10-CM code whose site character says lumbar. Absent: the code names no region.
   */
  regions: z.array(z.string().min(1)).min(1).optional(),
  note: z.string().optional(),
  /** Written by `npm run derive:value-sets` from policy/<id>/derive/ (edit the rules there, not the entry). */
  derived: z.boolean().optional(),
});

const valueSetSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'value set ids are lower-case words joined by hyphens'),
  description: z.string().min(1),
  policyCriterion: z.string().min(1),
  includes: z.array(z.string()).optional(),
  codes: z.array(codeEntrySchema),
  notes: z.string().optional(),
});

export const valueSetFileSchema = z.object({
  policy: z.string().optional(),
  valueSets: z.array(valueSetSchema).min(1),
});

export type ValueSetFile = z.infer<typeof valueSetFileSchema>;
export type ValueSetDefinition = z.infer<typeof valueSetSchema>;
export type ValueSetCode = z.infer<typeof codeEntrySchema>;

/** A code of the patient's data that matched a value set entry. */
export interface CodeMatch {
  valueSet: string;
  /** The patient's code, as it appeared. */
  code: Code;
  entry: ValueSetCode;
  spineSiteRequired: boolean;
}

export interface CompiledValueSet {
  id: string;
  description: string;
  /** Every code entry, including those of included sets. */
  entries: readonly ValueSetCode[];
  match(code: Code): CodeMatch | undefined;
}

export function canonicalSystem(system: string | undefined): string | undefined {
  if (!system) return undefined;
  const trimmed = system.trim().replace(/\/+$/, '');
  return SYSTEM_ALIASES[trimmed] ?? trimmed;
}

/** ICD-10-CM and WHO ICD-10 codes are compared without dots and case ("M46.26", "m4626"). */
function icdKey(code: string): string {
  return code.replace(/\./g, '').trim().toUpperCase();
}

/**
 * The two ICD systems share code shapes but not meanings below the category, so a prefix is only ever compared
 * with codes of its own system: prefix keys carry a one-letter system tag ("C" ICD-10-CM, "W" WHO ICD-10).
 */
const ICD_TAGS: ReadonlyMap<string, string> = new Map([
  [SYSTEMS.icd10cm, 'C'],
  [SYSTEMS.icd10, 'W'],
]);

function keyOf(system: string, code: string): string {
  return ICD_TAGS.has(system) ? `${system}|${icdKey(code)}` : `${system}|${code.trim()}`;
}

/**
 * A code without a system is matched only when its shape cannot belong to another system we list:
 * five digits is a CPT Category I code (SNOMED ids have 6+ digits, LOINC has a check digit after a hyphen),
 * and letter-digit-alnum is ICD-10-CM (RadLex "RPID" and DICOM "MR" do not fit). Anything else stays unmatched.
 */
export function inferSystem(code: string): string | undefined {
  const c = code.trim();
  if (/^\d{5}$/.test(c)) return SYSTEMS.cpt;
  if (/^[A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/i.test(c)) return SYSTEMS.icd10cm;
  return undefined;
}

export function compileValueSets(file: ValueSetFile): Map<string, CompiledValueSet> {
  const definitions = new Map<string, ValueSetDefinition>();
  for (const vs of file.valueSets) {
    if (definitions.has(vs.id)) throw new Error(`value set "${vs.id}" is defined twice`);
    definitions.set(vs.id, vs);
  }

  const flattened = new Map<string, ValueSetCode[]>();
  const flatten = (id: string, path: string[]): ValueSetCode[] => {
    const done = flattened.get(id);
    if (done) return done;
    if (path.includes(id)) throw new Error(`value set includes form a cycle: ${[...path, id].join(' -> ')}`);
    const vs = definitions.get(id);
    if (!vs) throw new Error(`value set "${path.at(-1)}" includes unknown value set "${id}"`);
    const entries = [...vs.codes, ...(vs.includes ?? []).flatMap((inc) => flatten(inc, [...path, id]))];
    flattened.set(id, entries);
    return entries;
  };

  const compiled = new Map<string, CompiledValueSet>();
  for (const vs of definitions.values()) {
    compiled.set(vs.id, compileOne(vs, flatten(vs.id, [])));
  }
  return compiled;
}

/** A patient code in the form the compiled sets look up: canonical system, and the exact-match key. */
export interface LookupKey {
  system: string;
  key: string;
  /** ICD-10-CM and WHO ICD-10 only: the system tag and the code without dots, upper case, for prefix matching. */
  icd?: string;
}

/**
 * Codes repeat across calls (the same problems, the same CPTs), and every requirement asks every set about every
 * code, so normalizing a code (regexes, alias lookup) once per distinct system|code pays for itself. Bounded:
 * cleared when full, since it is only a memo.
 */
const lookupKeys = new Map<string, LookupKey | null>();
const LOOKUP_KEYS_MAX = 50_000;

export function lookupKeyOf(code: Code): LookupKey | undefined {
  const memo = `${code.system ?? ''}\u0000${code.code}`;
  const known = lookupKeys.get(memo);
  if (known !== undefined) return known ?? undefined;
  const system = canonicalSystem(code.system) ?? inferSystem(code.code);
  let value: LookupKey | null = null;
  const tag = system ? ICD_TAGS.get(system) : undefined;
  if (system && tag) {
    const icd = icdKey(code.code);
    value = { system, key: `${system}|${icd}`, icd: tag + icd };
  } else if (system) {
    value = { system, key: keyOf(system, code.code) };
  }
  if (lookupKeys.size >= LOOKUP_KEYS_MAX) lookupKeys.clear();
  lookupKeys.set(memo, value);
  return value ?? undefined;
}

/**
 * The lookup tables of one compiled set, for the code index (code-index.ts) that answers for every set at once.
 * Kept beside the set rather than on it, so the public CompiledValueSet shape stays what it was.
 */
export interface ValueSetTables {
  /** system|code (ICD-10-CM without dots, upper case) -> the deciding entry. */
  exact: ReadonlyMap<string, ValueSetCode>;
  /** Tagged ICD prefixes grouped by length, longest first; within a group, the first listed entry decides. */
  prefixesByLength: ReadonlyArray<{ length: number; entries: ReadonlyMap<string, ValueSetCode> }>;
}

const tables = new WeakMap<CompiledValueSet, ValueSetTables>();

export function tablesOf(vs: CompiledValueSet): ValueSetTables {
  const found = tables.get(vs);
  if (!found) throw new Error(`value set "${vs.id}" was not compiled by compileValueSets`);
  return found;
}

function compileOne(vs: ValueSetDefinition, entries: ValueSetCode[]): CompiledValueSet {
  const exact = new Map<string, ValueSetCode>();
  const prefixes: { prefix: string; entry: ValueSetCode }[] = [];
  for (const entry of entries) {
    const system = canonicalSystem(entry.system)!;
    if (entry.match === 'prefix') {
      const tag = ICD_TAGS.get(system);
      if (!tag)
        throw new Error(
          `value set "${vs.id}": prefix match is only for ICD-10-CM and ICD-10 (${entry.code})`,
        );
      prefixes.push({ prefix: tag + icdKey(entry.code), entry });
    } else {
      const key = keyOf(system, entry.code);
      // When the same code is listed twice (through includes), keep the stricter reading (site required).
      const existing = exact.get(key);
      if (!existing || (entry.spineSiteRequired && !existing.spineSiteRequired)) exact.set(key, entry);
    }
  }
  // Longest prefix first, so the most specific entry (and its site flag) decides.
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  // Grouped by length: a code is then checked with one hash lookup per distinct prefix length, not per prefix.
  const prefixesByLength: Array<{ length: number; entries: Map<string, ValueSetCode> }> = [];
  for (const { prefix, entry } of prefixes) {
    let group = prefixesByLength.at(-1);
    if (group?.length !== prefix.length) {
      group = { length: prefix.length, entries: new Map() };
      prefixesByLength.push(group);
    }
    // The first of equal prefixes wins, as a linear scan in this order would.
    if (!group.entries.has(prefix)) group.entries.set(prefix, entry);
  }

  const compiled: CompiledValueSet = {
    id: vs.id,
    description: vs.description,
    entries,
    match(code: Code): CodeMatch | undefined {
      if (!code.code) return undefined;
      const lookup = lookupKeyOf(code);
      if (!lookup) return undefined;
      let entry = exact.get(lookup.key);
      if (!entry && lookup.icd !== undefined) {
        const key = lookup.icd;
        for (const group of prefixesByLength) {
          if (key.length < group.length) continue;
          entry = group.entries.get(key.slice(0, group.length));
          if (entry) break;
        }
      }
      if (!entry) return undefined;
      return { valueSet: vs.id, code, entry, spineSiteRequired: entry.spineSiteRequired === true };
    },
  };
  tables.set(compiled, { exact, prefixesByLength });
  return compiled;
}

/** Human-readable "code display" for evidence: prefers the patient's display, falls back to the value set's. */
export function describeMatch(match: CodeMatch): string {
  const display = match.code.display ?? match.entry.display;
  return `${match.code.code} ${display}`.trim();
}
