/**
 * The part of the chart that does not depend on which order is evaluated: Conditions not refuted (and whether the
 * status rules count them), performed Procedures, and imaging studies before the call. Computed once per
 * PatientFacts and policy, and shared by every order of the call (and every determination on the same facts).
 *
 * Facts are plain data that nothing changes after the data layer assembles them. As a guard, the memo is used only
 * while the facts still hold the same lists, of the same lengths, and the same asOf; otherwise it is rebuilt.
 */
import type { Code, ConditionFact, ImagingStudyFact, PatientFacts, ProcedureFact } from '../data/facts.js';
import type { ChartCondition } from './chart.js';
import type { SetMatches } from './code-index.js';
import type { CompiledPolicy } from './compile.js';

export interface BaseCondition {
  fact: ConditionFact;
  /** The Condition as counted from the problem list (status rules met), or undefined when it is not counted. */
  counted: ChartCondition | undefined;
  /** Per code of the fact, the sets listing it; undefined when no set lists any of its codes (most Conditions). */
  codeMatches: CodeMatches | undefined;
  /** "Condition/1" of any reference form, filled in by refKeyOf only when an order cites Conditions. */
  refKey: string | undefined;
}

export function refKeyOf(entry: BaseCondition): string {
  entry.refKey ??= refKey(entry.fact.reference);
  return entry.refKey;
}

export type CodeMatches = ReadonlyArray<SetMatches | undefined>;

/** The sets listing each code, or undefined when none lists any. */
export function codeMatchesOf(codes: readonly Code[], policy: CompiledPolicy): CodeMatches | undefined {
  let found: (SetMatches | undefined)[] | undefined;
  for (let i = 0; i < codes.length; i++) {
    const matches = policy.codes.matchesOf(codes[i]!);
    if (!matches) continue;
    found ??= new Array(codes.length).fill(undefined);
    found[i] = matches;
  }
  return found;
}

export interface ChartBase {
  conditions: readonly BaseCondition[];
  procedures: readonly ProcedureFact[];
  codedProcedures: readonly ProcedureFact[];
  priorStudies: readonly ImagingStudyFact[];
}

interface Memo {
  policy: CompiledPolicy;
  conditions: readonly ConditionFact[];
  conditionCount: number;
  procedures: readonly ProcedureFact[];
  procedureCount: number;
  imagingStudies: readonly ImagingStudyFact[];
  studyCount: number;
  asOf: string;
  base: ChartBase;
}

const memos = new WeakMap<PatientFacts, Memo>();

export function chartBaseOf(facts: PatientFacts, policy: CompiledPolicy): ChartBase {
  const memo = memos.get(facts);
  if (
    memo &&
    memo.policy === policy &&
    memo.conditions === facts.conditions &&
    memo.conditionCount === facts.conditions.length &&
    memo.procedures === facts.procedures &&
    memo.procedureCount === facts.procedures.length &&
    memo.imagingStudies === facts.imagingStudies &&
    memo.studyCount === facts.imagingStudies.length &&
    memo.asOf === facts.asOf
  ) {
    return memo.base;
  }
  const base = buildBase(facts, policy);
  memos.set(facts, {
    policy,
    conditions: facts.conditions,
    conditionCount: facts.conditions.length,
    procedures: facts.procedures,
    procedureCount: facts.procedures.length,
    imagingStudies: facts.imagingStudies,
    studyCount: facts.imagingStudies.length,
    asOf: facts.asOf,
    base,
  });
  return base;
}

function buildBase(facts: PatientFacts, policy: CompiledPolicy): ChartBase {
  const rules = policy.definition;
  const refuted = new Set(rules.conditionRules.excludedVerificationStatuses);
  const counted = new Set(rules.conditionRules.countedClinicalStatuses);

  const conditions: BaseCondition[] = [];
  for (const c of facts.conditions) {
    if (c.verificationStatus && refuted.has(c.verificationStatus)) continue;
    const status = c.clinicalStatus;
    const active =
      status === undefined ? rules.conditionRules.countMissingClinicalStatus : counted.has(status);
    conditions.push({
      fact: c,
      counted: active && !c.fromOrderReason ? fromFact(c, c.reference, false) : undefined,
      codeMatches: codeMatchesOf(c.codes, policy),
      refKey: undefined,
    });
  }

  const excludedProcedure = new Set(rules.procedureRules.excludedStatuses);
  const procedures = facts.procedures.filter((p) => !(p.status && excludedProcedure.has(p.status)));

  const imaging = rules.imagingRules;
  const studyStatuses = new Set(imaging.countedStatuses);
  const asOf = Date.parse(facts.asOf);
  const priorStudies = facts.imagingStudies.filter((s) => {
    const statusOk = s.status === undefined ? imaging.countMissingStatus : studyStatuses.has(s.status);
    if (!statusOk) return false;
    const started = s.started ? Date.parse(s.started) : Number.NaN;
    if (Number.isNaN(started)) return imaging.countMissingStartDate;
    return Number.isNaN(asOf) || started < asOf;
  });

  return {
    conditions,
    procedures,
    codedProcedures: procedures.filter((p) => policy.codes.anyInPolicy(p.codes)),
    priorStudies,
  };
}

export function fromFact(c: ConditionFact, reference: string, onOrder: boolean): ChartCondition {
  return {
    reference,
    codes: c.codes,
    texts: c.text ? [c.text] : [],
    bodySites: c.bodySites,
    onOrder,
  };
}

/** "Condition/1" and "https://ehr/fhir/Condition/1" name the same resource. */
export function refKey(reference: string): string {
  const parts = reference.split('/');
  return parts.slice(-2).join('/');
}
