/**
 * The FHIRPath the questionnaire's population expressions are written in (SDC expression-based population, which
 * DTR clients SHALL handle, DTR spec-60). Every snippet reads the resources the questionnaire's x-fhir-query
 * variables fetched (%conditions, %procedures, %studies, %orders) and applies the same tests the policy applies:
 * counted clinical statuses, value-set membership with codes compared without dots or case (as the policy compares
 * ICD-10-CM and WHO ICD-10), and "prefix" entries matching every code below them, in their own code system.
 */
import type { QuestionPlan, ValueSetPlan } from './policy-questions.js';

/** A FHIRPath string literal (single quotes and backslashes escaped). */
export function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A FHIRPath collection literal of strings: ('a' | 'b'); an empty list is the empty collection. */
export function collection(values: readonly string[]): string {
  return values.length === 0 ? '{}' : `(${values.map(literal).join(' | ')})`;
}

/** The key a Coding is compared by: system|CODE, dots removed and upper-cased (as the policy compares ICD-10). */
export const CODING_KEY = "(system + '|' + code.replace('.', '').upper())";

export function codingKey(system: string, code: string): string {
  return `${system}|${code.replace(/\./g, '').toUpperCase()}`;
}

/**
 * Name of the Questionnaire variable holding the exact keys of a value set: one string, the keys between spaces
 * (no system or code holds one), so membership is one contains() and a 272-code set costs one literal to parse.
 */
export function valueSetVariable(id: string): string {
  return `vs_${identifier(id)}`;
}

/** A FHIRPath/SDC variable name from an id: letters, digits and underscores. */
export function identifier(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, '_');
}

/** The exact-match keys of a value set, the expression of its variable. */
export function valueSetKeys(vs: ValueSetPlan): string {
  const keys = vs.entries.filter((e) => e.match === 'exact').map((e) => codingKey(e.system, e.code));
  return literal(` ${keys.join(' ')} `);
}

/** A boolean over one Coding: is it in any of these value sets? */
export function codingIn(valueSets: readonly ValueSetPlan[]): string {
  const tests = valueSets.map((vs) => `%${valueSetVariable(vs.id)}.contains(' ' + ${CODING_KEY} + ' ')`);
  for (const vs of valueSets) {
    for (const e of vs.entries.filter((entry) => entry.match === 'prefix')) {
      tests.push(`${CODING_KEY}.startsWith(${literal(codingKey(e.system, e.code))})`);
    }
  }
  return tests.join(' or ');
}

/** The Conditions of %conditions that count for these value sets. */
export function countedConditions(plan: QuestionPlan, valueSets: readonly ValueSetPlan[]): string {
  const clinical = `clinicalStatus.coding.where(code in ${collection(plan.countedClinicalStatuses)}).exists()`;
  const status = plan.countMissingClinicalStatus ? `(clinicalStatus.empty() or ${clinical})` : clinical;
  const excluded = `verificationStatus.coding.where(code in ${collection(plan.excludedVerificationStatuses)}).exists().not()`;
  return `%conditions.entry.resource.where(${status} and ${excluded} and code.coding.where(${codingIn(valueSets)}).exists())`;
}

export function performedProcedures(valueSets: readonly ValueSetPlan[]): string {
  return `%procedures.entry.resource.where(status != 'entered-in-error' and status != 'not-done' and code.coding.where(${codingIn(valueSets)}).exists())`;
}

/** Prior studies of %studies: by study code, or by modality with a spine body site or spine words. */
export function priorStudies(
  plan: QuestionPlan,
  valueSets: readonly ValueSetPlan[],
  modalities: readonly string[],
): string {
  const status = `(status.empty() or status in ${collection(plan.countedImagingStatuses)})`;
  const byCode = `procedureCode.coding.where(${codingIn(valueSets)}).exists()`;
  const mods = collection(modalities.map((m) => m.toUpperCase()));
  const byModality = `(modality.where(code.upper() in ${mods}).exists() or series.modality.where(code.upper() in ${mods}).exists())`;
  const words = plan.spineWords.map((w) => `description.lower().contains(${literal(w)})`);
  const sited = `(series.bodySite.where(code in ${collection(plan.spineBodySites)}).exists()${words.length ? ` or ${words.join(' or ')}` : ''})`;
  return `%studies.entry.resource.where(${status} and (${byCode} or (${byModality} and ${sited})))`;
}

export function openOrders(valueSets: readonly ValueSetPlan[]): string {
  return `%orders.entry.resource.where(code.coding.where(${codingIn(valueSets)}).exists())`;
}
