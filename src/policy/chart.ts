/**
 * The chart as the policy counts it for one order: which Conditions, Procedures and imaging studies are evidence.
 *
 * The counting rules (statuses, dates) come from policy.json; this file applies them once, so every criterion sees
 * the same filtered chart.
 *
 * Most of that work does not depend on the order: which Conditions are refuted or active, which studies came before
 * the call, which codes any value set lists. It is done once per PatientFacts (chart-base.ts), and chartFor adds
 * only what the order changes (the Conditions it cites, its own reasons).
 */
import type { Code, ImagingStudyFact, OrderFact, PatientFacts, ProcedureFact } from '../data/facts.js';
import { type CodeMatches, chartBaseOf, codeMatchesOf, fromFact, refKey, refKeyOf } from './chart-base.js';
import type { CompiledPolicy } from './compile.js';
import type { CodeMatch } from './value-set.js';

/** A diagnosis the policy may count: a problem-list Condition or a reason written on the order. */
export interface ChartCondition {
  /** What evidence cites: the Condition, or the order itself for its reasonCode. */
  reference: string;
  codes: Code[];
  texts: string[];
  bodySites: Code[];
  /** True for the order's own reasonCode/reasonReference: a reason on a spine SPECT order is about the spine. */
  onOrder: boolean;
}

/** One code of a counted condition that a value set lists, with the set's deciding entry. */
export interface ConditionHit {
  condition: ChartCondition;
  match: CodeMatch;
  /** Chart order of the (condition, code) pair, so hits from several sets can be put back in chart order. */
  position: number;
}

export interface Chart {
  order: OrderFact;
  conditions: ChartCondition[];
  /**
   * For each value set, the counted conditions' codes it lists, in chart order. A big chart is mostly hypertension
   * and asthma: rules read these short lists instead of asking every set about every code.
   */
  conditionHits: ReadonlyMap<string, readonly ConditionHit[]>;
  procedures: readonly ProcedureFact[];
  /** The procedures with a code in any value set of the policy, in chart order. */
  codedProcedures: readonly ProcedureFact[];
  /** Imaging studies performed before the order (status and date rules applied). */
  priorStudies: readonly ImagingStudyFact[];
  /** Free text written on the order: reason text and notes. */
  orderTexts: string[];
}

export function chartFor(facts: PatientFacts, order: OrderFact, policy: CompiledPolicy): Chart {
  const base = chartBaseOf(facts, policy);
  const reasonRefs =
    order.reasonReferences.length > 0 ? new Set(order.reasonReferences.map(refKey)) : undefined;
  const ownReasons = `${order.reference}#`;

  const conditions: ChartCondition[] = [];
  const hits = new Map<string, ConditionHit[]>();
  let position = 0;
  const count = (condition: ChartCondition, codeMatches: CodeMatches | undefined) => {
    conditions.push(condition);
    if (!codeMatches) {
      position += condition.codes.length;
      return;
    }
    for (const matches of codeMatches) {
      position++;
      if (!matches) continue;
      for (const [valueSet, match] of matches) {
        const hit = { condition, match, position };
        const list = hits.get(valueSet);
        if (list) list.push(hit);
        else hits.set(valueSet, [hit]);
      }
    }
  };

  for (const entry of base.conditions) {
    const c = entry.fact;
    if (reasonRefs?.has(refKeyOf(entry))) {
      // The clinician named this Condition as the reason for the order: it counts whatever its clinical status.
      count(fromFact(c, c.reference, true), entry.codeMatches);
      continue;
    }
    if (c.fromOrderReason) {
      // A reason carried by an order counts only for that order, not for its sibling drafts.
      if (c.reference.startsWith(ownReasons)) count(fromFact(c, order.reference, true), entry.codeMatches);
      continue;
    }
    if (entry.counted) count(entry.counted, entry.codeMatches);
  }
  if (order.reasonCodes.length > 0) {
    const reasons: ChartCondition = {
      reference: order.reference,
      codes: order.reasonCodes,
      texts: order.reasonText,
      bodySites: order.bodySites,
      onOrder: true,
    };
    count(reasons, codeMatchesOf(order.reasonCodes, policy));
  }

  return {
    order,
    conditions,
    conditionHits: hits,
    procedures: base.procedures,
    codedProcedures: base.codedProcedures,
    priorStudies: base.priorStudies,
    orderTexts: [...order.reasonText, ...order.notes],
  };
}
