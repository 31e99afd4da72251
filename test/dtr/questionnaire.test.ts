/**
 * The generated Questionnaire: valid FHIR R4 (FHIR.js, unexpected properties are errors), conformant to what the
 * DTR 2.1 Standard Questionnaire profile (dtr-std-questionnaire) and its base require, and derived from the policy
 * data (a changed policy file changes the questionnaire; nothing is kept by hand beside it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fhir } from 'fhir';
import type { Extension, QuestionnaireItem } from 'fhir/r4.js';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import { defaultPolicyDir, loadPolicy } from '../../src/app/load-policy.js';
import { questionPlanOf } from '../../src/dtr/policy-questions.js';
import { buildQuestionnaire, DTR_STD_QUESTIONNAIRE, EXT } from '../../src/dtr/questionnaire.js';
import { valueSetResource } from '../../src/dtr/value-sets.js';
import { compilePolicy } from '../../src/policy/index.js';

const FHIR_BASE = 'https://payer.example/fhir';
const policy = loadPolicy();
const generated = buildQuestionnaire(questionPlanOf(policy), {
  fhirBase: FHIR_BASE,
  publisher: 'Blue Cross VT',
});
const q = generated.questionnaire;
const fhir = new Fhir();

function flatten(items: readonly QuestionnaireItem[] | undefined): QuestionnaireItem[] {
  return (items ?? []).flatMap((item) => [item, ...flatten(item.item)]);
}
const allItems = () => flatten(q.item);
const errors = (resource: object) =>
  (fhir.validate(JSON.parse(JSON.stringify(resource)), { errorOnUnexpected: true }).messages ?? [])
    .filter((m) => m.severity === 'error')
    .map((m) => `${m.location}: ${m.message}`);

describe('valid FHIR R4', () => {
  test('the Questionnaire and every answer ValueSet validate with FHIR.js', () => {
    expect(errors(q)).toEqual([]);
    const timestamp = '2026-12-04T00:00:00Z';
    for (const vs of generated.valueSets) {
      expect(
        errors(valueSetResource(vs, { fhirBase: FHIR_BASE, version: '2026-03', publisher: 'x', timestamp })),
      ).toEqual([]);
    }
  });

  test('the validator is not vacuous here: a broken copy fails', () => {
    const broken = JSON.parse(JSON.stringify(q)) as Record<string, unknown> & {
      item: Array<Record<string, unknown>>;
    };
    broken.status = 'published';
    broken.item[0]!.type = 'dropdown';
    expect(errors(broken).map((e) => e.split(':')[0])).toEqual([
      'Questionnaire.status',
      'Questionnaire.item[0].type',
    ]);
  });
});

describe('DTR Standard Questionnaire (2.1.0) must-haves', () => {
  test('profile, subjectType Patient, narrative, status, version-pinned canonical, effective period', () => {
    expect(q.meta?.profile).toEqual([`${DTR_STD_QUESTIONNAIRE}|2.1.0`]);
    expect(q.subjectType).toEqual(['Patient']);
    expect(q.text?.status).toBe('generated');
    expect(q.text?.div).toMatch(/^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">/);
    expect(q.status).toBe('active');
    expect(q.url).toBe(`${FHIR_BASE}/Questionnaire/prior-approval-6.01.VT204`);
    expect(q.version).toBe(policy.version);
    expect(q.effectivePeriod?.start).toBe(policy.effectiveDate);
    expect(q.item?.length).toBeGreaterThan(0);
  });

  test('every item has a text and a unique linkId; choice items have their answers (dtrq-2); no reference items (dtrq-4)', () => {
    const items = allItems();
    for (const item of items) expect(item.text?.trim()).toBeTruthy();
    const ids = items.map((i) => i.linkId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of items.filter((i) => i.type === 'choice' || i.type === 'open-choice'))
      expect(Boolean(item.answerOption?.length) || Boolean(item.answerValueSet)).toBe(true);
    expect(items.some((i) => i.type === 'reference' || i.type === 'quantity')).toBe(false);
  });

  test('enableWhen names an earlier question, with an answer of its type, so only the chosen indication shows', () => {
    const items = allItems();
    const position = new Map(items.map((item, i) => [item.linkId, i]));
    for (const item of items) {
      for (const when of item.enableWhen ?? []) {
        const target = items[position.get(when.question)!]!;
        expect(position.get(when.question)).toBeLessThan(position.get(item.linkId)!);
        if (when.answerCoding) {
          expect(target.answerOption?.map((o) => o.valueCoding?.code)).toContain(when.answerCoding.code);
        } else expect(target.type).toBe('boolean');
      }
    }
    const indicationGroups = q.item!.filter((i) => i.enableWhen?.[0]?.question === 'indication');
    expect(indicationGroups.map((g) => g.linkId)).toEqual(policy.indications.map((i) => i.id));
  });

  test('population: a patient launch context, x-fhir-query and FHIRPath variables, FHIRPath initial expressions that compile', () => {
    const launch = q.extension!.filter((e) => e.url === EXT.launchContext);
    expect(launch).toHaveLength(1);
    const part = (e: Extension, url: string) => e.extension!.find((x) => x.url === url);
    expect(part(launch[0]!, 'name')?.valueCoding?.code).toBe('patient');
    expect(part(launch[0]!, 'type')?.valueCode).toBe('Patient');

    const variables = q.extension!.filter((e) => e.url === EXT.variable).map((e) => e.valueExpression!);
    const names = variables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    const defined = new Set(['patient', 'questionnaire', 'resource', 'context']);
    for (const v of variables) {
      // Each variable reads only the launch context and variables defined before it.
      for (const used of v.expression!.matchAll(/%([A-Za-z_][A-Za-z0-9_]*)/g))
        expect(defined).toContain(used[1]);
      if (v.language === 'application/x-fhir-query')
        expect(v.expression).toMatch(/^[A-Za-z]+\?patient=\{\{%patient\.id\}\}/);
      else {
        expect(v.language).toBe('text/fhirpath'); // spec-61: FHIRPath named as FHIRPath
        expect(() => fhirpath.compile(v.expression!, r4)).not.toThrow();
      }
      defined.add(v.name!);
    }
    const initial = allItems().flatMap(
      (i) => i.extension?.filter((e) => e.url === EXT.initialExpression) ?? [],
    );
    expect(initial.length).toBeGreaterThan(20);
    for (const e of initial) {
      expect(e.valueExpression?.language).toBe('text/fhirpath');
      expect(() => fhirpath.compile(e.valueExpression!.expression!, r4)).not.toThrow();
      for (const used of e.valueExpression!.expression!.matchAll(/%([A-Za-z_][A-Za-z0-9_]*)/g))
        expect(defined).toContain(used[1]);
    }
  });

  test('answer lists are ValueSets by version-pinned canonical (oper-16), each generated with the package', () => {
    const refs = allItems().flatMap((i) => (i.answerValueSet ? [i.answerValueSet] : []));
    expect(refs.length).toBeGreaterThan(0);
    const known = new Set(
      generated.valueSets.map((vs) => `${FHIR_BASE}/ValueSet/${vs.id}|${policy.version}`),
    );
    for (const ref of refs) expect(known).toContain(ref);
    for (const vs of generated.valueSets) expect(vs.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });
});

describe('derived from the policy data', () => {
  test('the indication answers are the ten indications, in the policy order, with their sentences', () => {
    const options = q.item!.find((i) => i.linkId === 'indication')!.answerOption!.map((o) => o.valueCoding!);
    expect(options.map((c) => c.code)).toEqual(policy.indications.map((i) => i.id));
    expect(options.map((c) => c.display)).toEqual(policy.indications.map((i) => i.policyText));
    expect(options).toHaveLength(10);
  });

  test('each prerequisite is a group quoting it; the Policy Guidelines ask for history and physical', () => {
    const texts = allItems().map((i) => i.text ?? '');
    for (const ind of policy.indications)
      for (const pre of ind.prerequisites)
        expect(texts.some((t) => t.toLowerCase() === pre.quote.toLowerCase())).toBe(true);
    expect(allItems().find((i) => i.linkId === 'clinical-notes.history-physical')?.required).toBe(true);
    expect(texts).toContain(policy.bulletText('GUIDELINE'));
  });

  test('a change to policy.json changes the questionnaire (a dropped prerequisite drops its group)', () => {
    const dir = defaultPolicyDir();
    const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const definition = read('policy.json');
    const avn = definition.indications.find((i: { id: string }) => i.id === 'avascular-necrosis');
    avn.prerequisites = avn.prerequisites.filter(
      (p: { id: string }) => p.id !== 'mri-nondiagnostic-or-contraindicated',
    );
    definition.version = '2027-01';
    const changed = buildQuestionnaire(
      questionPlanOf(compilePolicy(definition, read('value-sets.json'), read('lexicons.json'))),
      {
        fhirBase: FHIR_BASE,
        publisher: 'Blue Cross VT',
      },
    ).questionnaire;
    const groups = (qq: typeof q) =>
      qq.item!.find((i) => i.linkId === 'avascular-necrosis')!.item!.map((i) => i.linkId);
    expect(changed.version).toBe('2027-01');
    expect(groups(q)).toContain('avascular-necrosis.mri-nondiagnostic-or-contraindicated');
    expect(groups(changed)).not.toContain('avascular-necrosis.mri-nondiagnostic-or-contraindicated');
    expect(groups(changed)).toContain('avascular-necrosis.prior-xray-or-ct');
  });
});
