/**
 * allOf / anyOf: requirements built of requirements. Two kinds in one module: they are each other's mirror and
 * share the combination of evidence.
 *
 * Evidence is concatenated here and deduplicated once, where a criterion or finding is built (indication.ts,
 * investigational.ts, evaluate.ts): this runs for every combinator of every indication on every call.
 */
import { z } from 'zod';
import { earlier, NOT_MET, type Requirement, type RequirementKind, type RequirementResult } from './kind.js';

const NONE: RequirementResult['evidence'] = [];

function concat<T>(lists: readonly (readonly T[])[]): T[] {
  let out: T[] | undefined;
  let only: readonly T[] | undefined;
  for (const list of lists) {
    if (list.length === 0) continue;
    if (!only) {
      only = list;
      continue;
    }
    out ??= [...only];
    for (const item of list) out.push(item);
  }
  return out ?? (only as T[] | undefined) ?? (NONE as T[]);
}

function combine(met: boolean, placed: boolean, parts: RequirementResult[], all: RequirementResult[]) {
  if (!met) {
    const unsited = concat(all.map((p) => p.unsited));
    return unsited.length === 0 ? NOT_MET : { ...NOT_MET, unsited };
  }
  let regions = 0;
  let onset: number | undefined;
  for (const p of parts) {
    regions |= p.regions;
    onset = earlier(onset, p.onset);
  }
  const result: RequirementResult = {
    met,
    placed,
    evidence: concat(parts.map((p) => p.evidence)),
    unsited: concat(all.map((p) => p.unsited)),
    regions,
  };
  if (onset !== undefined) result.onset = onset;
  return result;
}

export const allOf: RequirementKind<Requirement[]> = {
  key: 'allOf',
  schema: (requirement) => z.array(requirement).min(1),
  compile(spec, ctx) {
    const atoms = spec.map((r) => ctx.compile(r));
    return {
      evaluate(chart, policy, focus) {
        // In order, stopping at the first part not met: the later parts cannot make it met.
        const parts: RequirementResult[] = [];
        let placed = true;
        for (const atom of atoms) {
          const part = atom.evaluate(chart, policy, focus);
          parts.push(part);
          if (!part.met) return combine(false, false, parts, parts);
          placed &&= part.placed;
        }
        return combine(true, placed, parts, parts);
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
        if (met.length === 0) return combine(false, false, parts, parts);
        // Evidence whose region is known is preferred: the other kind counts only with a request to show it.
        const placed = met.filter((p) => p.placed);
        const chosen = placed.length > 0 ? placed : met;
        return combine(true, placed.length > 0, chosen, parts);
      },
    };
  },
};
