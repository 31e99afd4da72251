/**
 * allOf / anyOf: requirements built of requirements. Two kinds in one module: they are each other's mirror and
 * share the combination of evidence.
 */
import { z } from 'zod';
import { dedupe, earlier, type Requirement, type RequirementKind, type RequirementResult } from './kind.js';

function combine(met: boolean, placed: boolean, parts: RequirementResult[], all: RequirementResult[]) {
  let regions = 0;
  let onset: number | undefined;
  for (const p of parts) {
    regions |= p.regions;
    onset = earlier(onset, p.onset);
  }
  const result: RequirementResult = {
    met,
    placed: met && placed,
    evidence: met ? dedupe(parts.flatMap((p) => p.evidence)) : [],
    unsited: dedupe(all.flatMap((p) => p.unsited)),
    regions: met ? regions : 0,
  };
  if (met && onset !== undefined) result.onset = onset;
  return result;
}

export const allOf: RequirementKind<Requirement[]> = {
  key: 'allOf',
  schema: (requirement) => z.array(requirement).min(1),
  compile(spec, ctx) {
    const atoms = spec.map((r) => ctx.compile(r));
    return {
      evaluate(chart, policy, focus) {
        const parts = atoms.map((a) => a.evaluate(chart, policy, focus));
        const met = parts.every((p) => p.met);
        return combine(
          met,
          parts.every((p) => p.placed),
          parts,
          parts,
        );
      },
    };
  },
};

export const anyOf: RequirementKind<Requirement[]> = {
  key: 'anyOf',
  schema: (requirement) => z.array(requirement).min(1),
  compile(spec, ctx) {
    const atoms = spec.map((r) => ctx.compile(r));
    return {
      evaluate(chart, policy, focus) {
        const parts = atoms.map((a) => a.evaluate(chart, policy, focus));
        const met = parts.filter((p) => p.met);
        // Evidence whose region is known is preferred: the other kind counts only with a request to show it.
        const placed = met.filter((p) => p.placed);
        const chosen = placed.length > 0 ? placed : met;
        return combine(met.length > 0, placed.length > 0, chosen, parts);
      },
    };
  },
};
