/**
 * The part of the chart that does not depend on which order is evaluated: Conditions not refuted (and whether the
 * status rules count them as current or only as history), performed Procedures, and imaging studies before the call. Computed once per
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
  /**
   * The Condition as counted from the problem list, or undefined when it is not counted. A Condition that is
   * inactive, in remission, resolved or abated is counted as history only (`historical`), which only the criteria
   * that accept a history read (MN-4's "patients with ... tumors").
   */
  counted: ChartCondition | undefined;
  /** Inactive, in remission, resolved, or abated in the past: history, not a current condition. */
  history: boolean;
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
  /** Procedures known by words only (no code any value set lists): read by the text matcher. */
  textProcedures: readonly ProcedureFact[];
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

  const historical = new Set(rules.conditionRules.historicalClinicalStatuses);
  const returned = new Set(rules.conditionRules.returnedClinicalStatuses);
  const asOfMs = Date.parse(facts.asOf);

  const conditions: BaseCondition[] = [];
  for (const c of facts.conditions) {
    if (c.verificationStatus && refuted.has(c.verificationStatus)) continue;
    const status = c.clinicalStatus;
    // abatement[x] in the past ends the condition whatever clinicalStatus says (con-4), unless it came back.
    const abated = c.abated === true && !(status && returned.has(status)) && isPast(c.abatementDate, asOfMs);
    const current =
      !abated &&
      (status === undefined ? rules.conditionRules.countMissingClinicalStatus : counted.has(status));
    const history = !current && (abated || (status !== undefined && historical.has(status)));
    conditions.push({
      fact: c,
      counted:
        (current || history) && !c.fromOrderReason ? fromFact(c, c.reference, false, !current) : undefined,
      history,
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
    textProcedures: procedures.filter((p) => p.text !== undefined && !policy.codes.anyInPolicy(p.codes)),
    priorStudies,
  };
}

/** An abatement without a date (age, Range, string) is taken as past; a dated one is past when before asOf. */
function isPast(date: string | undefined, asOfMs: number): boolean {
  if (date === undefined) return true;
  const when = Date.parse(date);
  return Number.isNaN(when) || Number.isNaN(asOfMs) || when <= asOfMs;
}

export function fromFact(
  c: ConditionFact,
  reference: string,
  onOrder: boolean,
  historical: boolean,
): ChartCondition {
  const texts: string[] = [];
  if (c.text) texts.push(c.text);
  if (c.bodySiteText) texts.push(c.bodySiteText);
  return {
    reference,
    fact: c,
    codes: c.codes,
    texts,
    bodySites: c.bodySites,
    onOrder,
    historical,
    onset: c.onset,
    date: c.onset ?? c.recordedDate,
  };
}

/** "Condition/1" and "https://ehr/fhir/Condition/1" name the same resource. */
export function refKey(reference: string): string {
  const parts = reference.split('/');
  return parts.slice(-2).join('/');
}
