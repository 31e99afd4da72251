/**
 * The medically necessary indications: for each, is it documented (its diagnosis requirement is met) and is it
 * fully met (every prerequisite too)? A documented indication with a missing prerequisite yields a Finding naming
 * what the request must add; one whose prerequisite is met only by a study of an unstated region yields the
 * anatomy's "show the region" finding.
 */
import type { Chart } from './chart.js';
import type { CompiledIndication, CompiledPolicy, CompiledPrerequisite } from './compile.js';
import type { CriterionResult, Evidence, Finding } from './determination.js';
import { dedupe, type Focus } from './requirements/kind.js';

export interface IndicationAssessment {
  indication: CompiledIndication;
  /** The indication's diagnosis is documented. */
  documented: boolean;
  /** Documented and every prerequisite met with evidence of the suspicious area. */
  met: boolean;
  evidence: Evidence[];
  missing: CompiledPrerequisite[];
  /** Prerequisites met only by facts whose region could not be compared, with that evidence. */
  unplaced: { prerequisite: CompiledPrerequisite; evidence: Evidence[] }[];
  /** Codes of this indication that matched but did not count (not in the spine, another region, ...). */
  unsited: Evidence[];
}

export function assessIndication(
  indication: CompiledIndication,
  chart: Chart,
  policy: CompiledPolicy,
): IndicationAssessment {
  const core = indication.atom.evaluate(chart, policy, undefined);
  if (!core.met) {
    return {
      indication,
      documented: false,
      met: false,
      evidence: [],
      missing: [],
      unplaced: [],
      unsited: core.unsited,
    };
  }
  const focus: Focus = {
    regions: suspiciousArea(core.regions, chart.orderRegions, policy),
    ...(core.onset !== undefined ? { onset: core.onset } : {}),
  };
  const evidence = [...core.evidence];
  const missing: CompiledPrerequisite[] = [];
  const unplaced: IndicationAssessment['unplaced'] = [];
  for (const pre of indication.prerequisites) {
    const result = pre.atom.evaluate(chart, policy, focus);
    if (!result.met) missing.push(pre);
    else if (!result.placed) unplaced.push({ prerequisite: pre, evidence: result.evidence });
    else evidence.push(...result.evidence);
  }
  return {
    indication,
    documented: true,
    met: missing.length === 0 && unplaced.length === 0,
    evidence: dedupe(evidence),
    missing,
    unplaced,
    unsited: core.unsited,
  };
}

/**
 * "The suspicious area": the diagnosis's regions where they fall within what the order images (a lumbar AVN on a
 * lumbar SPECT), else both (MN-9 assesses "the spine and sacroiliac joints": a lumbar spondylitis on an SI SPECT),
 * else whichever is stated.
 */
function suspiciousArea(diagnosis: number, ordered: number, policy: CompiledPolicy): number {
  const r = policy.regions;
  if (!r.isStated(diagnosis)) return ordered;
  if (!r.isStated(ordered)) return diagnosis;
  return r.overlap(diagnosis, ordered) === 'yes' ? diagnosis : diagnosis | ordered;
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

/**
 * One finding per missing prerequisite (evidence: the diagnosis that made the indication relevant), and one per
 * prerequisite met only by a study of an unstated region (evidence: the diagnosis and that study).
 */
export function missingPrerequisiteFindings(a: IndicationAssessment, policy: CompiledPolicy): Finding[] {
  const base = {
    criterion: a.indication.id,
    bullet: a.indication.bullet,
    policyText: a.indication.policyText,
  };
  const unplaced = policy.definition.anatomy.unplaced;
  return [
    ...a.missing.map((pre) => ({ ...base, code: pre.finding, message: pre.message, evidence: a.evidence })),
    ...a.unplaced.map(({ evidence }) => ({
      ...base,
      code: unplaced.finding,
      message: unplaced.message,
      evidence: dedupe([...a.evidence, ...evidence]),
    })),
  ];
}
