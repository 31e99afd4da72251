/**
 * The prior-approval documentation of the policy as one DTR Standard Questionnaire (DTR 2.1 dtr-std-questionnaire),
 * generated from the question plan (policy-questions.ts), never kept by hand:
 *
 * - "indication": which of the policy's medically necessary indications is being evaluated or ruled out (the Policy
 *   Guidelines ask for it); each indication's group shows only when it is chosen (enableWhen);
 * - per indication, one group per piece of evidence its rule names (the diagnosis and its date, the prior
 *   procedure), and per prerequisite a group quoting it, with the prior studies (date, modality, region), the
 *   conditions that satisfy it, whether the record shows it, and details;
 * - other advanced imaging ordered at the same time, and then the rationale for it;
 * - the history and physical examination the Policy Guidelines ask for.
 *
 * Population is SDC expression-based: x-fhir-query variables read the EHR (launch context %patient), FHIRPath
 * initialExpressions pick the answers (see fhirpath.ts and docs/dtr.md for why FHIRPath rather than CQL).
 */
import { createHash } from 'node:crypto';
import type { Coding, Extension, Questionnaire, QuestionnaireItem } from 'fhir/r4.js';
import {
  codingIn,
  countedConditions,
  identifier,
  literal,
  openOrders,
  performedProcedures,
  priorStudies,
  valueSetKeys,
  valueSetVariable,
} from './fhirpath.js';
import type { EvidenceQuestion, EvidenceRule, QuestionPlan, ValueSetPlan } from './policy-questions.js';
import { type AnswerValueSet, valueSetLabel, valueSetUrl } from './value-sets.js';

export const DTR_STD_QUESTIONNAIRE =
  'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire';
export const DTR_VERSION = '2.1.0';
const SDC = 'http://hl7.org/fhir/uv/sdc/StructureDefinition';
export const EXT = {
  launchContext: `${SDC}/sdc-questionnaire-launchContext`,
  initialExpression: `${SDC}/sdc-questionnaire-initialExpression`,
  variable: 'http://hl7.org/fhir/StructureDefinition/variable',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
} as const;
const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
const SNOMED = 'http://snomed.info/sct';

const MODALITY_NAMES: Record<string, string> = {
  CR: 'Computed radiography (x-ray)',
  DX: 'Digital radiography (x-ray)',
  CT: 'Computed tomography',
  MR: 'Magnetic resonance',
  NM: 'Nuclear medicine',
  PT: 'Positron emission tomography',
};

export interface QuestionnaireOptions {
  /** The FHIR base of this service (canonical URLs are under it). */
  fhirBase: string;
  publisher: string;
}

export interface GeneratedQuestionnaire {
  questionnaire: Questionnaire;
  /** The answer lists the questionnaire references by canonical (to go into the package, expanded). */
  valueSets: AnswerValueSet[];
}

export function questionnaireId(policyId: string): string {
  return `prior-approval-${policyId}`;
}

export function questionnaireUrl(fhirBase: string, policyId: string): string {
  return `${fhirBase}/Questionnaire/${questionnaireId(policyId)}`;
}

/** The version-pinned canonical CRD's coverage-information carries (resp-38) and the package answers for. */
export function questionnaireCanonical(fhirBase: string, policy: { id: string; version: string }): string {
  return `${questionnaireUrl(fhirBase, policy.id)}|${policy.version}`;
}

const fhirpath = (expression: string, description?: string) => ({
  language: 'text/fhirpath',
  expression,
  ...(description ? { description } : {}),
});

function initial(expression: string): Extension {
  return { url: EXT.initialExpression, valueExpression: fhirpath(expression) };
}

function variable(
  name: string,
  expression: ReturnType<typeof fhirpath> | { language: string; expression: string },
) {
  return { url: EXT.variable, valueExpression: { name, ...expression } };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

class Builder {
  readonly variables: Extension[] = [];
  readonly answerSets = new Map<string, AnswerValueSet>();
  private readonly keyVariables = new Set<string>();

  constructor(
    readonly plan: QuestionPlan,
    readonly options: QuestionnaireOptions,
  ) {}

  sets(ids: readonly string[]): ValueSetPlan[] {
    const sets = ids.map((id) => this.plan.valueSet(id));
    for (const vs of sets) {
      const name = valueSetVariable(vs.id);
      if (this.keyVariables.has(name)) continue;
      this.keyVariables.add(name);
      this.variables.push(variable(name, fhirpath(valueSetKeys(vs), `Codes of ${vs.id} (system|CODE)`)));
    }
    return sets;
  }

  /** A named, Questionnaire-level variable holding the resources that match one evidence question. */
  define(name: string, expression: string, description: string): string {
    this.variables.push(variable(name, fhirpath(expression, description)));
    return `%${name}`;
  }

  /** The canonical of the answer list for these value sets (one set: its own id; several: their union). */
  answerValueSet(ids: readonly string[]): string {
    const sets = ids.map((id) => this.plan.valueSet(id));
    // A union is named by its first set and a digest of all of them: readable, unique, at most 64 characters.
    const digest = createHash('sha256').update(ids.join(' ')).digest('hex').slice(0, 8);
    const id = sets.length === 1 ? sets[0]!.id : `${sets[0]!.id.slice(0, 45)}-with-${digest}`;
    const known = this.answerSets.get(id);
    if (known && known.title !== sets.map((vs) => valueSetLabel(vs.description)).join(' or '))
      throw new Error(`two different answer lists would both be ValueSet/${id}`);
    if (!known) {
      this.answerSets.set(id, {
        id,
        title: sets.map((vs) => valueSetLabel(vs.description)).join(' or '),
        entries: sets.flatMap((vs) => vs.entries),
      });
    }
    return `${valueSetUrl(this.options.fhirBase, id)}|${this.plan.policy.version}`;
  }
}

/** The linkId of the group asking for one piece of evidence of an indication (or of one of its prerequisites). */
export function evidenceKey(indicationId: string, prerequisiteId: string | undefined, index: number): string {
  return `${indicationId}${prerequisiteId ? `.${prerequisiteId}` : ''}.evidence-${index + 1}`;
}

/** Every evidence group of the questionnaire: its linkId and what it asks for. */
export function evidenceQuestions(plan: QuestionPlan): Array<{ key: string; evidence: EvidenceQuestion }> {
  return plan.indications.flatMap((ind) => [
    ...ind.evidence.map((evidence, n) => ({ key: evidenceKey(ind.id, undefined, n), evidence })),
    ...ind.prerequisites.flatMap((pre) =>
      pre.evidence.map((evidence, n) => ({ key: evidenceKey(ind.id, pre.id, n), evidence })),
    ),
  ]);
}

/** How a coded resource answers one evidence question: the group's words and the FHIRPath that finds it. */
const CODED = {
  condition: {
    group: 'Diagnosis',
    code: 'Diagnosis',
    date: 'Date of onset or diagnosis',
    find: countedConditions,
    dateOf: 'onset.ofType(dateTime) | recordedDate',
    found: 'Conditions on the chart',
  },
  procedure: {
    group: 'Prior procedure',
    code: 'Procedure',
    date: 'Date performed',
    find: (_plan: QuestionPlan, sets: readonly ValueSetPlan[]) => performedProcedures(sets),
    dateOf: 'performed.ofType(dateTime) | performed.ofType(Period).start',
    found: 'Procedures on the chart',
  },
} as const;

/** The items asking for one piece of evidence; `key` is unique in the questionnaire. */
function evidenceItems(b: Builder, evidence: EvidenceQuestion, key: string): QuestionnaireItem[] {
  const v = identifier(key);
  switch (evidence.kind) {
    case 'condition':
    case 'procedure': {
      const words = CODED[evidence.kind];
      const sets = b.sets(evidence.valueSets);
      const label = sets.map((vs) => valueSetLabel(vs.description)).join(' or ');
      const match = b.define(v, words.find(b.plan, sets), `${words.found}: ${label}`);
      return [
        {
          linkId: key,
          type: 'group',
          text: `${words.group}: ${label}`,
          item: [
            {
              linkId: `${key}.code`,
              type: 'open-choice',
              text: words.code,
              answerValueSet: b.answerValueSet(evidence.valueSets),
              extension: [initial(`${match}.first().code.coding.where(${codingIn(sets)}).first()`)],
            },
            {
              linkId: `${key}.date`,
              type: 'date',
              text: words.date,
              extension: [initial(`${match}.first().select(${words.dateOf}).first()`)],
            },
          ],
        },
      ];
    }
    case 'prior-imaging': {
      const sets = b.sets(evidence.valueSets);
      const match = b.define(
        v,
        priorStudies(b.plan, sets, evidence.modalities),
        `Prior studies: ${evidence.modalities.join(', ')}`,
      );
      const regionLinkId = `${key}.region`;
      return [
        {
          linkId: key,
          type: 'group',
          text: `Prior imaging (${evidence.modalities.map((m) => MODALITY_NAMES[m] ?? m).join(', ')})`,
          item: [
            {
              linkId: `${key}.date`,
              type: 'date',
              text: 'Date of the study',
              extension: [initial(`${match}.first().started`)],
            },
            {
              linkId: `${key}.modality`,
              type: 'open-choice',
              text: 'Modality',
              answerOption: evidence.modalities.map((m) => ({
                valueCoding: { system: DICOM, code: m, display: MODALITY_NAMES[m] ?? m },
              })),
              extension: [
                initial(
                  `${match}.first().select(modality | series.modality).where(system = ${literal(DICOM)}).first()`,
                ),
              ],
            },
            {
              linkId: regionLinkId,
              type: 'choice',
              text: 'Region imaged',
              answerOption: b.plan.regions.map((r) => ({ valueCoding: regionCoding(r) })),
              extension: [
                initial(
                  `%questionnaire.repeat(item).where(linkId = ${literal(regionLinkId)}).answerOption.value.where(code in ${match}.first().series.bodySite.code).first()`,
                ),
              ],
            },
          ],
        },
      ];
    }
    case 'order-text':
      return [
        {
          linkId: key,
          type: 'string',
          text: 'Wording in the order or the notes that documents it',
        },
      ];
  }
}

function regionCoding(region: QuestionPlan['regions'][number]): Coding {
  return {
    system: SNOMED,
    code: region.bodySiteCodes[0] ?? region.region,
    display: capitalize(region.region),
  };
}

function indicationCoding(b: Builder, id: string, sentence: string): Coding {
  return {
    system: `${b.options.fhirBase}/CodeSystem/${b.plan.policy.id}-indications`,
    code: id,
    display: sentence,
  };
}

/** The FHIRPath that is true when an indication's diagnosis evidence is on the chart (its rule, leaves as exists). */
type Documented = string;

function ruleExpression(rule: EvidenceRule, keys: ReadonlyArray<string | undefined>): Documented {
  if (rule === 'unknown') return 'false';
  if ('evidence' in rule) {
    const key = keys[rule.evidence];
    return key ? `%${identifier(key)}.exists()` : 'false';
  }
  const parts = ('allOf' in rule ? rule.allOf : rule.anyOf).map((r) => ruleExpression(r, keys));
  return `(${parts.join('allOf' in rule ? ' and ' : ' or ')})`;
}

function indicationItems(b: Builder): { items: QuestionnaireItem[]; documented: Map<string, Documented> } {
  const items: QuestionnaireItem[] = [];
  const documented = new Map<string, Documented>();
  for (const ind of b.plan.indications) {
    const children: QuestionnaireItem[] = [];
    const keys = ind.evidence.map((evidence, n) => {
      const key = evidenceKey(ind.id, undefined, n);
      children.push(...evidenceItems(b, evidence, key));
      return evidence.kind === 'order-text' ? undefined : key;
    });
    documented.set(ind.id, ruleExpression(ind.rule, keys));
    for (const pre of ind.prerequisites) {
      const key = `${ind.id}.${pre.id}`;
      const parts: QuestionnaireItem[] = [];
      pre.evidence.forEach((evidence, n) => {
        parts.push(...evidenceItems(b, evidence, evidenceKey(ind.id, pre.id, n)));
      });
      parts.push(
        { linkId: `${key}.shown`, type: 'boolean', text: `Does the record show this: ${pre.quote}?` },
        { linkId: `${key}.details`, type: 'text', text: 'Details (findings, dates, reasons)' },
      );
      children.push({ linkId: key, type: 'group', text: capitalize(pre.quote), item: parts });
    }
    items.push({
      linkId: ind.id,
      type: 'group',
      text: ind.sentence,
      enableWhen: [
        { question: 'indication', operator: '=', answerCoding: indicationCoding(b, ind.id, ind.sentence) },
      ],
      item: children,
    });
  }
  return { items, documented };
}

/**
 * Which indications the chart documents, in the policy's order: the first becomes the initial answer of
 * "indication" (the clinician can change it). Only the diagnosis evidence counts here, as the policy's rule.
 */
function indicationChoice(b: Builder, documented: Map<string, Documented>): QuestionnaireItem {
  const picks = b.plan.indications.map(
    (ind) => `(code = ${literal(ind.id)} and (${documented.get(ind.id) ?? 'false'}))`,
  );
  return {
    linkId: 'indication',
    type: 'choice',
    required: true,
    text: 'Condition being evaluated or ruled out',
    answerOption: b.plan.indications.map((ind) => ({
      valueCoding: indicationCoding(b, ind.id, ind.sentence),
    })),
    extension: [
      initial(
        `%questionnaire.item.where(linkId = 'indication').answerOption.value.where(${picks.join(' or ')}).first()`,
      ),
    ],
  };
}

function simultaneousItems(b: Builder): QuestionnaireItem {
  const sets = b.sets(b.plan.simultaneous.valueSets);
  const orders = b.define(
    'advanced_imaging_orders',
    openOrders(sets),
    'Open orders for other advanced imaging',
  );
  return {
    linkId: 'simultaneous',
    type: 'group',
    text: 'Other advanced imaging ordered at the same time',
    item: [
      { linkId: 'simultaneous.policy', type: 'display', text: b.plan.simultaneous.sentence },
      {
        linkId: 'simultaneous.ordered',
        type: 'boolean',
        text: 'Is other advanced imaging (MRI, CT or PET) ordered at the same time as this SPECT?',
        extension: [initial(`${orders}.exists()`)],
      },
      {
        linkId: 'simultaneous.rationale',
        type: 'text',
        required: true,
        text: 'Rationale for performing all imaging at the same time, and how it changes management',
        enableWhen: [{ question: 'simultaneous.ordered', operator: '=', answerBoolean: true }],
      },
    ],
  };
}

function notesItems(b: Builder): QuestionnaireItem {
  return {
    linkId: 'clinical-notes',
    type: 'group',
    text: 'Clinical documentation',
    item: [
      { linkId: 'clinical-notes.policy', type: 'display', text: b.plan.guideline.sentence },
      {
        linkId: 'clinical-notes.history-physical',
        type: 'text',
        required: true,
        text: 'History and physical examination supporting the symptoms or findings',
      },
    ],
  };
}

function narrative(plan: QuestionPlan, title: string): string {
  const list = plan.indications.map((ind) => `<li>${escapeHtml(ind.sentence)}</li>`).join('');
  return (
    `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeHtml(title)}</p>` +
    `<p>Documentation for prior approval: the condition being evaluated or ruled out, one of:</p><ul>${list}</ul>` +
    `<p>${escapeHtml(plan.guideline.sentence)}</p></div>`
  );
}

export function buildQuestionnaire(
  plan: QuestionPlan,
  options: QuestionnaireOptions,
): GeneratedQuestionnaire {
  const b = new Builder(plan, options);
  b.variables.push(
    variable('conditions', {
      language: 'application/x-fhir-query',
      expression: 'Condition?patient={{%patient.id}}&_count=200',
    }),
    variable('procedures', {
      language: 'application/x-fhir-query',
      expression: 'Procedure?patient={{%patient.id}}&_count=200',
    }),
    variable('studies', {
      language: 'application/x-fhir-query',
      expression: 'ImagingStudy?patient={{%patient.id}}&_count=200',
    }),
    variable('orders', {
      language: 'application/x-fhir-query',
      expression: `ServiceRequest?patient={{%patient.id}}&status=${plan.simultaneous.openStatuses.join(',')}&_count=200`,
    }),
  );
  const { items, documented } = indicationItems(b);
  const choice = indicationChoice(b, documented);
  const simultaneous = simultaneousItems(b);
  const title = `Prior approval documentation: ${plan.policy.title}`;
  const questionnaire: Questionnaire = {
    resourceType: 'Questionnaire',
    id: questionnaireId(plan.policy.id),
    meta: { profile: [`${DTR_STD_QUESTIONNAIRE}|${DTR_VERSION}`] },
    text: { status: 'generated', div: narrative(plan, title) },
    extension: [
      {
        url: EXT.launchContext,
        extension: [
          {
            url: 'name',
            valueCoding: { system: 'http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext', code: 'patient' },
          },
          { url: 'type', valueCode: 'Patient' },
          { url: 'description', valueString: 'The member the order is for' },
        ],
      },
      ...b.variables,
    ],
    url: questionnaireUrl(options.fhirBase, plan.policy.id),
    version: plan.policy.version,
    name: `PriorApproval_${identifier(plan.policy.id)}`,
    title,
    status: 'active',
    subjectType: ['Patient'],
    date: plan.policy.effectiveDate,
    publisher: options.publisher,
    description: `What a prior approval request for medical policy ${plan.policy.id} must document, from the policy's criteria and guidelines.`,
    effectivePeriod: { start: plan.policy.effectiveDate },
    item: [choice, ...items, simultaneous, notesItems(b)],
  };
  return { questionnaire, valueSets: [...b.answerSets.values()] };
}
