/**
 * evaluateOrder: one Determination for one in-scope spine SPECT order. The precedence of outcomes:
 *
 * 1. An MN indication fully met wins over everything else; with simultaneous advanced imaging lacking a rationale
 *    it becomes needs-documentation (NMN-1 applies "unless there is clear, documented rationale").
 * 2. Otherwise, an indication documented but missing a prerequisite (prior MRI, prior imaging) is
 *    needs-documentation: the missing study may exist outside the EHR data, and once documented the indication
 *    would be met, which would also take the order out of the investigational statement.
 * 3. Otherwise the investigational use (INV-1), if the order fits it.
 * 4. Otherwise not-medically-necessary (NMN-2, "all other indications").
 */
import type { OrderFact, PatientFacts } from '../data/facts.js';
import { chartFor } from './chart.js';
import type { CompiledPolicy } from './compile.js';
import type { Determination, Evidence, Finding, Outcome } from './determination.js';
import { assessIndications, criterionResult, missingPrerequisiteFindings } from './indication.js';
import { findInvestigationalUse } from './investigational.js';
import { dedupe } from './requirement.js';
import { billingCodeOf, regionOf } from './scope.js';
import { findSimultaneousImaging } from './simultaneous.js';

export function evaluateOrder(
  facts: PatientFacts,
  order: OrderFact,
  policy: CompiledPolicy,
  options: { simultaneousWindowDays: number },
): Determination {
  const chart = chartFor(facts, order, policy);
  const assessments = assessIndications(chart, policy);
  const met = assessments.filter((a) => a.met);
  const incomplete = assessments.filter((a) => a.documented && !a.met);
  const simultaneous = findSimultaneousImaging(facts, order, policy, options);

  const findings: Finding[] = [];
  let outcome: Outcome;
  if (met.length > 0) {
    // Prerequisites of other, incomplete indications are not required once one indication is met.
    outcome = simultaneous ? 'needs-documentation' : 'meets-criteria';
  } else if (incomplete.length > 0) {
    outcome = 'needs-documentation';
    findings.push(...incomplete.flatMap(missingPrerequisiteFindings));
    const investigational = findInvestigationalUse(chart, policy);
    if (investigational) findings.push(investigational);
  } else {
    const investigational = findInvestigationalUse(chart, policy);
    if (investigational) {
      outcome = 'investigational';
      findings.push(investigational);
    } else {
      outcome = 'not-medically-necessary';
      findings.push(
        noQualifyingIndication(
          policy,
          assessments.flatMap((a) => a.unsited),
        ),
      );
    }
  }
  if (simultaneous) findings.push(simultaneous);

  const billingCode = billingCodeOf(order, policy);
  return {
    policy: policy.id,
    policyVersion: policy.version,
    order: order.reference,
    ...(billingCode ? { billingCode } : {}),
    region: regionOf(order, policy),
    outcome,
    criteriaMet: met.map((a) => a.indication.id),
    criteria: met.map(criterionResult),
    findings,
    limitations: facts.gaps.map((g) => ({ topic: g.topic, message: g.message })),
  };
}

/** Evidence: diagnoses that matched an indication's codes but were not shown to be in the spine, if any. */
function noQualifyingIndication(policy: CompiledPolicy, unsited: Evidence[]): Finding {
  const rule = policy.definition.otherIndications;
  return {
    code: rule.finding,
    bullet: rule.bullet,
    policyText: policy.bulletText(rule.bullet),
    message: rule.message,
    evidence: dedupe(unsited).map((e) => ({
      ...e,
      description: `${e.description} (not shown to be in the spine)`,
    })),
  };
}
