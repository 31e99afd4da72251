/**
 * One index over every value set of a policy: system|code -> the sets that list it, plus the ICD-10-CM prefixes.
 *
 * Requirements ask "is this code in one of these sets?" dozens of times per determination, for every code of the
 * chart. Asking each set in turn costs a key normalization and a few hash lookups per set per question; here a code
 * is looked up once, in one table, and the answer (every set it is in) is remembered, so later questions are a
 * map read. Answers are those of CompiledValueSet.match, set by set (the CodeMatch quotes an equal copy of the
 * patient's code rather than the very object).
 */
import type { Code } from '../data/facts.js';
import {
  type CodeMatch,
  type CompiledValueSet,
  lookupKeyOf,
  tablesOf,
  type ValueSetCode,
} from './value-set.js';

/** The sets one code is in, by value set id, each with the entry that decides (as that set's match picks it). */
export type SetMatches = ReadonlyMap<string, CodeMatch>;

export interface CodeIndex {
  /** Every set the code is in; undefined when it is in none (most codes of a chart). */
  matchesOf(code: Code): SetMatches | undefined;
  /** The match in the first of the sets, in the order given, that lists the code. */
  firstMatch(code: Code, valueSetIds: readonly string[]): CodeMatch | undefined;
  /** Whether any of the codes is in any set of the policy: charts are mostly codes no rule reads. */
  anyInPolicy(codes: readonly Code[]): boolean;
}

interface Known {
  /** The sets listing the code; null for none. */
  listings: Listing[] | null;
  /** The matches per display the code was seen with. */
  byDisplay: Map<string | undefined, SetMatches> | undefined;
}

interface Listing {
  valueSet: string;
  entry: ValueSetCode;
}

const MEMO_MAX = 50_000;

function push<K>(map: Map<K, Listing[]>, key: K, listing: Listing): void {
  const list = map.get(key);
  if (list) list.push(listing);
  else map.set(key, [listing]);
}

export function buildCodeIndex(sets: ReadonlyMap<string, CompiledValueSet>): CodeIndex {
  const exact = new Map<string, Listing[]>();
  const prefixes = new Map<string, Listing[]>();
  const lengths = new Set<number>();
  for (const vs of sets.values()) {
    const tables = tablesOf(vs);
    for (const [key, entry] of tables.exact) push(exact, key, { valueSet: vs.id, entry });
    for (const group of tables.prefixesByLength) {
      lengths.add(group.length);
      for (const [prefix, entry] of group.entries) push(prefixes, prefix, { valueSet: vs.id, entry });
    }
  }
  // Longest first: within each set an exact entry wins, then the longest prefix, as CompiledValueSet.match reads.
  const prefixLengths = [...lengths].sort((a, b) => b - a);

  /** The sets listing one system|code, as written by the EHR; null for none. */
  const listingsOf = (code: Code): Listing[] | null => {
    const key = lookupKeyOf(code);
    if (!key) return null;
    const found: Listing[] = [];
    const seen = new Set<string>();
    const add = (listings: Listing[] | undefined) => {
      for (const listing of listings ?? []) {
        if (seen.has(listing.valueSet)) continue;
        seen.add(listing.valueSet);
        found.push(listing);
      }
    };
    add(exact.get(key.key));
    if (key.icd !== undefined) {
      const icd = key.icd;
      for (const length of prefixLengths) {
        if (icd.length >= length) add(prefixes.get(icd.slice(0, length)));
      }
    }
    return found.length > 0 ? found : null;
  };

  // Remembered by system, code and display as written: a chart repeats the same few hundred codes, and a
  // 5,000-Condition chart must not pay a key normalization per Condition. The display is part of the key because
  // a CodeMatch carries the patient's code as it appeared (evidence quotes its display); the memo keeps its own copy
  // of that code, never the caller's object. Bounded, and cleared when full: it is only a memo.
  const known = new Map<string | undefined, Map<string, Known>>();
  let remembered = 0;

  const matchesOf = (code: Code): SetMatches | undefined => {
    if (!code.code) return undefined;
    let codes = known.get(code.system);
    let entry = codes?.get(code.code);
    if (entry === undefined) {
      if (remembered >= MEMO_MAX) {
        known.clear();
        remembered = 0;
        codes = undefined;
      }
      if (!codes) {
        codes = new Map();
        known.set(code.system, codes);
      }
      entry = { listings: listingsOf(code), byDisplay: undefined };
      codes.set(code.code, entry);
      remembered++;
    }
    const { listings } = entry;
    if (listings === null) return undefined;
    entry.byDisplay ??= new Map();
    let matches = entry.byDisplay.get(code.display);
    if (!matches) {
      const copy: Code = { code: code.code };
      if (code.system !== undefined) copy.system = code.system;
      if (code.display !== undefined) copy.display = code.display;
      const built = new Map<string, CodeMatch>();
      for (const { valueSet, entry: listed } of listings) {
        built.set(valueSet, {
          valueSet,
          code: copy,
          entry: listed,
          spineSiteRequired: listed.spineSiteRequired === true,
        });
      }
      matches = built;
      entry.byDisplay.set(code.display, matches);
      remembered++;
    }
    return matches;
  };

  return {
    matchesOf,
    firstMatch(code, valueSetIds) {
      const matches = matchesOf(code);
      if (!matches) return undefined;
      for (const id of valueSetIds) {
        const m = matches.get(id);
        if (m) return m;
      }
      return undefined;
    },
    anyInPolicy(codes) {
      for (const code of codes) if (matchesOf(code)) return true;
      return false;
    },
  };
}
