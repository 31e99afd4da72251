/**
 * The chart as the policy counts it for one order: which Conditions, Procedures and imaging studies are evidence.
 *
 * The counting rules (statuses, dates) come from policy.json; this file applies them once, so every criterion sees
 * the same filtered chart.
 */
import type {
  Code,
  ConditionFact,
  ImagingStudyFact,
  OrderFact,
  PatientFacts,
  ProcedureFact,
} from '../data/facts.js';
import type { CompiledPolicy } from './compile.js';

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

export interface Chart {
  order: OrderFact;
  conditions: ChartCondition[];
  procedures: ProcedureFact[];
  /** Imaging studies performed before the order (status and date rules applied). */
  priorStudies: ImagingStudyFact[];
  /** Free text written on the order: reason text and notes. */
  orderTexts: string[];
}

export function chartFor(facts: PatientFacts, order: OrderFact, policy: CompiledPolicy): Chart {
  const rules = policy.definition;
  const refuted = new Set(rules.conditionRules.excludedVerificationStatuses);
  const counted = new Set(rules.conditionRules.countedClinicalStatuses);
  const reasonRefs = new Set(order.reasonReferences.map(refKey));

  const conditions: ChartCondition[] = [];
  for (const c of facts.conditions) {
    if (c.verificationStatus && refuted.has(c.verificationStatus)) continue;
    if (reasonRefs.has(refKey(c.reference))) {
      // The clinician named this Condition as the reason for the order: it counts whatever its clinical status.
      conditions.push(fromFact(c, c.reference, true));
      continue;
    }
    if (c.fromOrderReason) {
      // A reason carried by an order counts only for that order, not for its sibling drafts.
      if (c.reference.startsWith(`${order.reference}#`)) conditions.push(fromFact(c, order.reference, true));
      continue;
    }
    const status = c.clinicalStatus;
    const active =
      status === undefined ? rules.conditionRules.countMissingClinicalStatus : counted.has(status);
    if (active) conditions.push(fromFact(c, c.reference, false));
  }
  if (order.reasonCodes.length > 0) {
    conditions.push({
      reference: order.reference,
      codes: order.reasonCodes,
      texts: order.reasonText,
      bodySites: order.bodySites,
      onOrder: true,
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

  return { order, conditions, procedures, priorStudies, orderTexts: [...order.reasonText, ...order.notes] };
}

function fromFact(c: ConditionFact, reference: string, onOrder: boolean): ChartCondition {
  return {
    reference,
    codes: c.codes,
    texts: c.text ? [c.text] : [],
    bodySites: c.bodySites,
    onOrder,
  };
}

/** "Condition/1" and "https://ehr/fhir/Condition/1" name the same resource. */
function refKey(reference: string): string {
  const parts = reference.split('/');
  return parts.slice(-2).join('/');
}
