/**
 * The ten medically necessary indications: for each, is it documented (its diagnosis requirement is met) and is it
 * fully met (every prerequisite too)? A documented indication with a missing prerequisite yields a Finding naming
 * what the request must add.
 */
import type { Chart } from './chart.js';
import type { CompiledIndication, CompiledPolicy } from './compile.js';
import type { PrerequisiteDefinition } from './definition.js';
import type { CriterionResult, Evidence, Finding } from './determination.js';
import { checkRequirement, dedupe } from './requirement.js';

export interface IndicationAssessment {
  indication: CompiledIndication;
  /** The indication's diagnosis is documented. */
  documented: boolean;
  /** Documented and every prerequisite met. */
  met: boolean;
  evidence: Evidence[];
  missing: PrerequisiteDefinition[];
  /** Codes of this indication that did not count because nothing placed them in the spine. */
  unsited: Evidence[];
}

export function assessIndication(
  indication: CompiledIndication,
  chart: Chart,
  policy: CompiledPolicy,
): IndicationAssessment {
  const core = checkRequirement(indication.requires, chart, policy);
  if (!core.met) {
    return { indication, documented: false, met: false, evidence: [], missing: [], unsited: core.unsited };
  }
  const evidence = [...core.evidence];
  const missing: PrerequisiteDefinition[] = [];
  for (const pre of indication.prerequisites) {
    const result = checkRequirement(pre.requires, chart, policy);
    if (result.met) evidence.push(...result.evidence);
    else missing.push(pre);
  }
  return {
    indication,
    documented: true,
    met: missing.length === 0,
    evidence: dedupe(evidence),
    missing,
    unsited: core.unsited,
  };
}

/** Every indication, in the policy's order. */
export function assessIndications(chart: Chart, policy: CompiledPolicy): IndicationAssessment[] {
  return policy.indications.map((ind) => assessIndication(ind, chart, policy));
}

export function criterionResult(a: IndicationAssessment): CriterionResult {
  return {
    criterion: a.indication.id,
    bullet: a.indication.bullet,
    policyText: a.indication.policyText,
    evidence: a.evidence,
  };
}

/** One finding per missing prerequisite; evidence is the diagnosis that made the indication relevant. */
export function missingPrerequisiteFindings(a: IndicationAssessment): Finding[] {
  return a.missing.map((pre) => ({
    code: pre.finding,
    criterion: a.indication.id,
    bullet: a.indication.bullet,
    policyText: a.indication.policyText,
    message: pre.message,
    evidence: a.evidence,
  }));
}
