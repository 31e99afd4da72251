/**
 * A requirement kind of the rule language: one module per kind holds its schema (the JSON an analyst writes), its
 * compile check (cross-references to value sets, lexicon concepts, windows) and its evaluation. Kinds are
 * registered in one table (registry.ts), so a new kind is one new module and one line there.
 *
 * Compiling turns each requirement into an atom, a closure over its checked, precomputed parts; evaluation is then
 * a call per atom, with no dispatch on keys at run time.
 */
import type { z } from 'zod';
import type { Chart } from '../chart.js';
import type { CompiledPolicy } from '../compile.js';
import type { Evidence } from '../determination.js';
import type { RegionMask } from '../regions.js';

/** A requirement as written in policy.json: an object with exactly one key, the kind's. */
export type Requirement = { readonly [kind: string]: unknown };

/** What the evidence of a met requirement says about the disease, for the prerequisites that follow it. */
export interface Focus {
  /** The regions of the diagnosis (or, when it states none, of the order): "the suspicious area". */
  regions: RegionMask;
  /** The earliest stated onset of the diagnosis, ms since the epoch; undefined when none is stated. */
  onset?: number;
}

export interface RequirementResult {
  met: boolean;
  /**
   * Met by evidence whose region could be compared. False when the requirement is met only by facts whose region
   * is unknown: they count, but only with a finding asking the request to show the region (docs/policy.md).
   */
  placed: boolean;
  evidence: Evidence[];
  /** Matched but not counted (not shown in the spine, another region, a visible fracture), with why. */
  unsited: Evidence[];
  /** The met evidence's stated regions and earliest onset (see Focus); 0 / undefined when none. */
  regions: RegionMask;
  onset?: number;
}

export interface RequirementAtom {
  evaluate(chart: Chart, policy: CompiledPolicy, focus: Focus | undefined): RequirementResult;
}

/** What a kind's compile step may ask of the policy being compiled. Problems are collected, not thrown. */
export interface CompileContext {
  /** Where the requirement sits ("indication infection prerequisite prior-imaging"), for problem messages. */
  readonly where: string;
  problem(message: string): void;
  needValueSet(id: string): void;
  needConcept(id: string): void;
  /** The window's length in days, or undefined (and a problem) when it is not declared. */
  windowDays(id: string): number | undefined;
  /** Compile a nested requirement (combinators). */
  compile(requirement: Requirement): RequirementAtom;
}

export interface RequirementKind<S> {
  /** The key that names the kind in policy.json. */
  readonly key: string;
  /** The schema of the value under the key; `requirement` is the schema of a nested requirement. */
  schema(requirement: z.ZodType<Requirement>): z.ZodType<S>;
  compile(spec: S, ctx: CompileContext): RequirementAtom;
}

export const NOT_MET: RequirementResult = Object.freeze({
  met: false,
  placed: false,
  evidence: [],
  unsited: [],
  regions: 0,
}) as RequirementResult;

/** A leaf result from the evidence it counted, the part of it whose region was unknown, and what it missed. */
export function leafResult(
  counted: Evidence[],
  unplaced: number,
  unsited: Evidence[],
  regions: RegionMask,
  onset: number | undefined,
): RequirementResult {
  const met = counted.length > 0;
  return {
    met,
    placed: met && counted.length > unplaced,
    evidence: dedupe(counted),
    unsited: dedupe(unsited),
    regions,
    ...(onset !== undefined ? { onset } : {}),
  };
}

export function dedupe(evidence: Evidence[]): Evidence[] {
  // Nothing to compare: most lists are empty or hold one item.
  if (evidence.length < 2) return evidence;
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.reference}|${e.description}|${e.valueSet ?? ''}|${e.quote ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The earlier of two onsets, either possibly unknown. */
export function earlier(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** A date as ms since the epoch, or undefined when absent or not a date. */
export function dateMs(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : ms;
}
