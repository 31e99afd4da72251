/**
 * The Determination carried on each card under "vt.bluecross.spect-spine/determination", so EHR analytics and
 * payer reporting can key on stable ids instead of parsing card text. Shape documented in docs/policy.md.
 */
import type { Determination } from '../policy/determination.js';

export const DETERMINATION_EXTENSION_KEY = 'vt.bluecross.spect-spine/determination';

export interface DeterminationExtension {
  policy: string;
  policyVersion: string;
  order: string;
  outcome: Determination['outcome'];
  criteriaMet: Determination['criteriaMet'];
  /** Each finding with the policy bullet and sentence it rests on, and its evidence as FHIR references. */
  findings: { code: string; criterion?: string; bullet: string; policyText: string; evidence: string[] }[];
}

export function determinationExtension(determination: Determination): DeterminationExtension {
  return {
    policy: determination.policy,
    policyVersion: determination.policyVersion,
    order: determination.order,
    outcome: determination.outcome,
    criteriaMet: [...determination.criteriaMet],
    findings: determination.findings.map((finding) => ({
      code: finding.code,
      ...(finding.criterion ? { criterion: finding.criterion } : {}),
      bullet: finding.bullet,
      policyText: finding.policyText,
      evidence: finding.evidence.map((evidence) => evidence.reference),
    })),
  };
}
