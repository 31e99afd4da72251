/**
 * The interpreter of the rule language of policy.json (see Requirement in definition.ts).
 *
 * Each requirement answers met / not met with the evidence that met it. "unsited" collects codes that matched a
 * value set but did not count because the code is not spine-specific and nothing placed it in the spine, so that
 * a card can say "M87.9 is on the problem list, but not shown to be in the spine".
 */
import type { Code } from '../data/facts.js';
import type { Chart, ConditionHit } from './chart.js';
import type { CompiledPolicy } from './compile.js';
import type { PriorImagingRule, Requirement } from './definition.js';
import type { Evidence } from './determination.js';
import { isSpineSiteOf } from './site.js';
import { matchedPhrases } from './text.js';
import { type CodeMatch, describeMatch } from './value-set.js';

export interface RequirementResult {
  met: boolean;
  evidence: Evidence[];
  unsited: Evidence[];
}

export function checkRequirement(req: Requirement, chart: Chart, policy: CompiledPolicy): RequirementResult {
  if ('allOf' in req) {
    const parts = req.allOf.map((r) => checkRequirement(r, chart, policy));
    return combine(
      parts.every((p) => p.met),
      parts,
    );
  }
  if ('anyOf' in req) {
    const parts = req.anyOf.map((r) => checkRequirement(r, chart, policy));
    const met = parts.filter((p) => p.met);
    return combine(met.length > 0, met.length > 0 ? met : parts);
  }
  if ('conditionIn' in req) return conditionIn(req.conditionIn, chart, policy);
  if ('procedureIn' in req) return procedureIn(req.procedureIn, chart, policy);
  if ('priorImagingIn' in req) return priorImagingIn(req.priorImagingIn, chart, policy);
  if ('orderReasonIn' in req) return orderReasonIn(req.orderReasonIn, chart, policy);
  return orderTextMatches(req.orderTextMatches, chart, policy);
}

function combine(met: boolean, parts: RequirementResult[]): RequirementResult {
  return {
    met,
    evidence: met ? dedupe(parts.flatMap((p) => p.evidence)) : [],
    unsited: dedupe(parts.flatMap((p) => p.unsited)),
  };
}

function firstMatch(valueSets: readonly string[], code: Code, policy: CompiledPolicy): CodeMatch | undefined {
  return policy.codes.firstMatch(code, valueSets);
}

function evidenceOf(reference: string, match: CodeMatch): Evidence {
  return { reference, description: describeMatch(match), valueSet: match.valueSet };
}

const NO_HITS: readonly ConditionHit[] = [];

/**
 * The counted conditions' codes in any of the sets, in chart order; a code listed by several of the sets counts
 * once, for the first set named (as asking the sets in turn would).
 */
function hitsIn(valueSets: readonly string[], chart: Chart): readonly ConditionHit[] {
  if (valueSets.length === 1) return chart.conditionHits.get(valueSets[0]!) ?? NO_HITS;
  const byPosition = new Map<number, ConditionHit>();
  for (const id of valueSets) {
    for (const hit of chart.conditionHits.get(id) ?? NO_HITS) {
      if (!byPosition.has(hit.position)) byPosition.set(hit.position, hit);
    }
  }
  return [...byPosition.values()].sort((a, b) => a.position - b.position);
}

function conditionIn(valueSets: string[], chart: Chart, policy: CompiledPolicy): RequirementResult {
  const hits = hitsIn(valueSets, chart);
  if (hits.length === 0) return { met: false, evidence: [], unsited: [] };
  const evidence: Evidence[] = [];
  const unsited: Evidence[] = [];
  for (const { condition: c, match: m } of hits) {
    const sited =
      !m.spineSiteRequired ||
      c.onOrder ||
      isSpineSiteOf(c, policy, 'spine', () => ({
        bodySites: c.bodySites,
        texts: [...c.texts, ...c.codes.map((x) => x.display)],
      }));
    (sited ? evidence : unsited).push(evidenceOf(c.reference, m));
  }
  return { met: evidence.length > 0, evidence: dedupe(evidence), unsited: dedupe(unsited) };
}

function procedureIn(valueSets: string[], chart: Chart, policy: CompiledPolicy): RequirementResult {
  const evidence: Evidence[] = [];
  const unsited: Evidence[] = [];
  for (const p of chart.codedProcedures) {
    for (const code of p.codes) {
      const m = firstMatch(valueSets, code, policy);
      if (!m) continue;
      const sited =
        !m.spineSiteRequired ||
        isSpineSiteOf(p, policy, 'spine', () => ({
          bodySites: p.bodySites,
          texts: [p.text, ...p.codes.map((x) => x.display)],
        }));
      (sited ? evidence : unsited).push(evidenceOf(p.reference, m));
    }
  }
  return { met: evidence.length > 0, evidence: dedupe(evidence), unsited: dedupe(unsited) };
}

/**
 * A prior study counts by code (spine/pelvis imaging codes; generic codes need a spine site) or by DICOM modality
 * with a spine (or pelvis) body site or description. Whether it was nondiagnostic cannot be read from an
 * ImagingStudy, so a study on file satisfies the requirement and the cards ask the request to say so.
 */
function priorImagingIn(rule: PriorImagingRule, chart: Chart, policy: CompiledPolicy): RequirementResult {
  const evidence: Evidence[] = [];
  const modalities = new Set(rule.modalities.map((m) => m.toUpperCase()));
  for (const s of chart.priorStudies) {
    const sited = () =>
      isSpineSiteOf(s, policy, rule.sites, () => ({
        bodySites: s.bodySites,
        texts: [s.description, ...s.codes.map((c) => c.display)],
      }));
    const when = s.started ? ` (${s.started.slice(0, 10)})` : '';
    let counted = false;
    for (const code of s.codes) {
      const m = firstMatch(rule.valueSets, code, policy);
      if (m && (!m.spineSiteRequired || sited())) {
        evidence.push({
          reference: s.reference,
          description: `${describeMatch(m)}${when}`,
          valueSet: m.valueSet,
        });
        counted = true;
        break;
      }
    }
    if (counted) continue;
    const modality = s.modalities.find((m) => modalities.has(m.toUpperCase()));
    if (modality && sited()) {
      evidence.push({
        reference: s.reference,
        description: `${modality} study: ${s.description ?? 'spine'}${when}`,
      });
    }
  }
  return { met: evidence.length > 0, evidence: dedupe(evidence), unsited: [] };
}

function orderReasonIn(valueSets: string[], chart: Chart, policy: CompiledPolicy): RequirementResult {
  const evidence: Evidence[] = [];
  for (const code of chart.order.reasonCodes) {
    const m = firstMatch(valueSets, code, policy);
    if (m) evidence.push(evidenceOf(chart.order.reference, m));
  }
  return { met: evidence.length > 0, evidence: dedupe(evidence), unsited: [] };
}

function orderTextMatches(vocabulary: string, chart: Chart, policy: CompiledPolicy): RequirementResult {
  const found = matchedPhrases(policy.words(vocabulary), chart.orderTexts);
  const evidence: Evidence[] = found.length
    ? [{ reference: chart.order.reference, description: `Order text mentions "${found.join('", "')}"` }]
    : [];
  return { met: evidence.length > 0, evidence, unsited: [] };
}

export function dedupe(evidence: Evidence[]): Evidence[] {
  // Nothing to compare: most lists are empty or hold one item.
  if (evidence.length < 2) return evidence;
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.reference}|${e.description}|${e.valueSet ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
