/**
 * INV-1: SPECT/CT to guide surgical planning for axial pain from disc degeneration (spondylosis) is investigational,
 * but only when no medically necessary indication is met ("not otherwise meeting medical necessity criteria");
 * evaluate.ts applies that precedence. This file answers only: does the order fit the investigational use?
 */
import type { Chart } from './chart.js';
import type { CompiledPolicy } from './compile.js';
import type { Finding } from './determination.js';
import { dedupe } from './requirements/kind.js';

export function findInvestigationalUse(chart: Chart, policy: CompiledPolicy): Finding | undefined {
  const rule = policy.definition.investigational;
  const result = policy.investigational.evaluate(chart, policy, undefined);
  if (!result.met) return undefined;
  return {
    code: rule.finding,
    bullet: rule.bullet,
    policyText: policy.bulletText(rule.bullet),
    message: rule.message,
    evidence: dedupe(result.evidence),
  };
}
