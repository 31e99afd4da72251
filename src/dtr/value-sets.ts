/**
 * FHIR ValueSet resources for the answer lists of the questionnaire, from the policy's own value sets: a compose
 * that says what the set is (ICD-10-CM "prefix" entries as is-a filters, so the definition is exact) and an
 * expansion of the codes the policy lists (DTR oper-15: small sets come expanded). Version-pinned to the policy
 * version (oper-16).
 */
import type { ValueSet, ValueSetComposeInclude } from 'fhir/r4.js';
import type { ValueSetPlan } from './policy-questions.js';

export interface AnswerValueSet {
  id: string;
  title: string;
  entries: ValueSetPlan['entries'];
}

/** The short clinical name of a value set: its description up to the first full stop or colon. */
export function valueSetLabel(description: string): string {
  const plain = description.replace(/\s*\([^)]*\)/g, '');
  return (plain.split(/[.:;](?:\s|$)/)[0] ?? plain).trim();
}

export function valueSetUrl(fhirBase: string, id: string): string {
  return `${fhirBase}/ValueSet/${id}`;
}

export function valueSetResource(
  vs: AnswerValueSet,
  options: { fhirBase: string; version: string; publisher: string; timestamp: string },
): ValueSet {
  const bySystem = new Map<string, ValueSetComposeInclude>();
  const include: ValueSetComposeInclude[] = [];
  for (const e of vs.entries) {
    if (e.match === 'prefix') {
      include.push({ system: e.system, filter: [{ property: 'concept', op: 'is-a', value: e.code }] });
      continue;
    }
    let inc = bySystem.get(e.system);
    if (!inc) {
      inc = { system: e.system, concept: [] };
      bySystem.set(e.system, inc);
      include.push(inc);
    }
    inc.concept!.push({ code: e.code, display: e.display });
  }
  const seen = new Set<string>();
  const contains = vs.entries
    .filter((e) => {
      const key = `${e.system}|${e.code}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((e) => ({ system: e.system, code: e.code, display: e.display }));
  return {
    resourceType: 'ValueSet',
    id: vs.id,
    url: valueSetUrl(options.fhirBase, vs.id),
    version: options.version,
    name: vs.id.replace(/[^A-Za-z0-9]+/g, '_'),
    title: vs.title,
    status: 'active',
    publisher: options.publisher,
    compose: { include },
    expansion: { timestamp: options.timestamp, total: contains.length, contains },
  };
}
