/**
 * The chart as the policy counts it for one order: which Conditions, Procedures and imaging studies are evidence,
 * and the free text written on or attached to the order.
 *
 * The counting rules (statuses, dates) come from policy.json; this file applies them once, so every criterion sees
 * the same filtered chart.
 *
 * Most of that work does not depend on the order: which Conditions are refuted, current or history, which studies
 * came before the call, which codes any value set lists. It is done once per PatientFacts (chart-base.ts), and
 * chartFor adds only what the order changes (the Conditions it cites, its own reasons, its texts, its regions).
 */
import type {
  Code,
  ConditionFact,
  ImagingStudyFact,
  OrderFact,
  PatientFacts,
  ProcedureFact,
} from '../data/facts.js';
import { type CodeMatches, chartBaseOf, codeMatchesOf, fromFact, refKey, refKeyOf } from './chart-base.js';
import type { CompiledPolicy } from './compile.js';
import type { RegionMask } from './regions.js';
import { orderRegionsOf } from './scope.js';
import type { CodeMatch } from './value-set.js';

/** A diagnosis the policy may count: a problem-list Condition or a reason written on the order. */
export interface ChartCondition {
  /** What evidence cites: the Condition, or the order itself for its reasonCode. */
  reference: string;
  /** The Condition fact, when the diagnosis is one (not for the order's own reasonCode). */
  fact?: ConditionFact;
  codes: Code[];
  texts: string[];
  bodySites: Code[];
  /** True for the order's own reasonCode/reasonReference: a reason on a spine SPECT order is about the spine. */
  onOrder: boolean;
  /** Inactive, in remission, resolved or abated: counted only by criteria that accept a history. */
  historical: boolean;
  /** When the condition began (onset[x]), if stated. */
  onset?: string;
  /** The clinical date evidence cites: onset, else recordedDate. */
  date?: string;
}

/** One code of a counted condition that a value set lists, with the set's deciding entry. */
export interface ConditionHit {
  condition: ChartCondition;
  match: CodeMatch;
  /** Chart order of the (condition, code) pair, so hits from several sets can be put back in chart order. */
  position: number;
}

/** A piece of free text the text matcher reads, with what evidence cites for it. */
export interface TextSource {
  reference: string;
  /** Where the words were written, in clinical words ("order note", "problem list"). */
  where: string;
  text: string;
  /** A problem-list entry that is history only (resolved, inactive, abated). */
  historical: boolean;
  /** Words on or attached to the order: about the region the order images. */
  onOrder: boolean;
  date?: string;
}

export interface Chart {
  order: OrderFact;
  /** The regions the order images (bodySite, code, words; else its own reasons' regions). */
  orderRegions: RegionMask;
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
  /** Every text the matcher reads: the order's, what is attached to it, Conditions and Procedures known by words. */
  texts: readonly TextSource[];
  asOf: string;
}

export function chartFor(facts: PatientFacts, order: OrderFact, policy: CompiledPolicy): Chart {
  const base = chartBaseOf(facts, policy);
  const cited = [...order.reasonReferences, ...order.supportingReferences];
  const reasonRefs = cited.length > 0 ? new Set(cited.map(refKey)) : undefined;
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
      // The clinician named this Condition as the reason for (or the grounds of) the order: it counts whatever its
      // verification status; a resolved or abated one still counts only as history.
      count(fromFact(c, c.reference, true, entry.history), entry.codeMatches);
      continue;
    }
    if (c.fromOrderReason) {
      // A reason carried by an order counts only for that order, not for its sibling drafts.
      if (c.reference.startsWith(ownReasons))
        count(fromFact(c, order.reference, true, false), entry.codeMatches);
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
      historical: false,
    };
    count(reasons, codeMatchesOf(order.reasonCodes, policy));
  }

  const texts: TextSource[] = [];
  const onOrder = (where: string, list: readonly string[]) => {
    for (const text of list)
      texts.push({ reference: order.reference, where, text, historical: false, onOrder: true });
  };
  onOrder('order reason', order.reasonText);
  onOrder('order note', order.notes);
  onOrder('supporting information', order.supportingTexts);
  for (const c of conditions) {
    // Conditions known by words only (code.text, no coding); the order's own reasons are read above.
    if (c.codes.length > 0 || !c.fact || c.reference === order.reference) continue;
    for (const text of c.texts) {
      texts.push({
        reference: c.reference,
        where: c.onOrder ? 'reason for the order' : 'problem list',
        text,
        historical: c.historical,
        onOrder: c.onOrder,
        ...(c.date ? { date: c.date } : {}),
      });
    }
  }
  for (const p of base.textProcedures) {
    texts.push({
      reference: p.reference,
      where: 'procedure history',
      text: p.text!,
      historical: false,
      onOrder: false,
      ...(p.performedDate ? { date: p.performedDate } : {}),
    });
  }

  return {
    order,
    orderRegions: orderRegionsOf(order, policy),
    conditions,
    conditionHits: hits,
    procedures: base.procedures,
    codedProcedures: base.codedProcedures,
    priorStudies: base.priorStudies,
    texts,
    asOf: facts.asOf,
  };
}
