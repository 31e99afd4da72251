/**
 * evaluateOrder: one Determination for one in-scope spine SPECT order. The precedence of outcomes:
 *
 * 1. An MN indication fully met wins over everything else; with simultaneous advanced imaging lacking a rationale
 *    it becomes needs-documentation (NMN-1 applies "unless there is clear, documented rationale").
 * 2. Otherwise the investigational use (INV-1), if the order fits it: INV-1 covers uses "not otherwise meeting
 *    medical necessity criteria", and an indication documented but missing a prerequisite does not meet them. Its
 *    missing-prerequisite findings are listed too, so the request sees what would take it out of INV-1 (R-INV-2).
 * 3. Otherwise, an indication documented but missing a prerequisite (prior MRI, prior imaging of the suspicious
 *    area) is needs-documentation: the missing study may exist outside the EHR data.
 * 4. Otherwise not-medically-necessary (NMN-2, "all other indications").
 *
 * The clock enters only as facts.asOf; every window is policy data.
 */
import type { OrderFact, PatientFacts } from '../data/facts.js';
import { chartFor } from './chart.js';
import type { CompiledPolicy } from './compile.js';
import type { Determination, Evidence, Finding, Outcome } from './determination.js';
import { assessIndications, criterionResult, missingPrerequisiteFindings } from './indication.js';
import { findInvestigationalUse } from './investigational.js';
import { dedupe } from './requirements/kind.js';
import { billingCodeOf, modalityOf, regionOf } from './scope.js';
import { findSimultaneousImaging } from './simultaneous.js';

export function evaluateOrder(facts: PatientFacts, order: OrderFact, policy: CompiledPolicy): Determination {
  const chart = chartFor(facts, order, policy);
  const assessments = assessIndications(chart, policy);
  const met = assessments.filter((a) => a.met);
  const incomplete = assessments.filter((a) => a.documented && !a.met);
  const simultaneous = findSimultaneousImaging(facts, order, policy);

  const findings: Finding[] = [];
  let outcome: Outcome;
  if (met.length > 0) {
    // Prerequisites of other, incomplete indications are not required once one indication is met.
    outcome = simultaneous ? 'needs-documentation' : 'meets-criteria';
  } else {
    const investigational = findInvestigationalUse(chart, policy);
    if (investigational) {
      outcome = 'investigational';
      findings.push(investigational);
      findings.push(...incomplete.flatMap((a) => missingPrerequisiteFindings(a, policy)));
    } else if (incomplete.length > 0) {
      outcome = 'needs-documentation';
      findings.push(...incomplete.flatMap((a) => missingPrerequisiteFindings(a, policy)));
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
  const modality = modalityOf(order, policy);
  return {
    policy: policy.id,
    policyVersion: policy.version,
    order: order.reference,
    ...(billingCode ? { billingCode } : {}),
    region: regionOf(chart.orderRegions, policy),
    regions: policy.regions.idsOf(chart.orderRegions),
    ...(modality ? { modality } : {}),
    outcome,
    criteriaMet: met.map((a) => a.indication.id),
    criteria: met.map(criterionResult),
    findings,
    limitations: facts.gaps.map((g) => ({ topic: g.topic, message: g.message })),
  };
}

/** Evidence: diagnoses that matched an indication's codes but did not count (each says why), if any. */
function noQualifyingIndication(policy: CompiledPolicy, unsited: Evidence[]): Finding {
  const rule = policy.definition.otherIndications;
  return {
    code: rule.finding,
    bullet: rule.bullet,
    policyText: policy.bulletText(rule.bullet),
    message: rule.message,
    evidence: dedupe(unsited),
  };
}
