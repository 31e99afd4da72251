/**
 * From a completed QuestionnaireResponse to the determination a prior-approval reviewer would reach (issue 14
 * item 6): the answers become the facts the policy engine reads, and the engine decides, unchanged. The reviewer
 * has the request (the order and the response), not the EHR's chart, so the answers are the whole chart here.
 *
 * - a diagnosis or procedure answer becomes an active Condition or a completed Procedure at the order's body site
 *   (the request states it for this spine order, so a code that needs a spine site gets the order's);
 * - a prior-study answer becomes an ImagingStudy with its date, modality and region (no modality or region: not a
 *   study the policy can count, as for a chart);
 * - the order's own wording and the rationale for simultaneous imaging become notes on the order.
 * "Does the record show this?" is kept for the reviewer but decides nothing: the engine, as for a chart, takes a
 * study on file as the prerequisite met and leaves "nondiagnostic" to the reviewer (docs/policy.md A-IMG-1).
 */
import type { QuestionnaireResponse, QuestionnaireResponseItemAnswer } from 'fhir/r4.js';
import type {
  Code,
  ConditionFact,
  ImagingStudyFact,
  OrderFact,
  PatientFacts,
  ProcedureFact,
} from '../data/facts.js';
import type { CompiledPolicy, Determination } from '../policy/index.js';
import { evaluateOrder } from '../policy/index.js';
import type { QuestionPlan } from './policy-questions.js';
import { evidenceQuestions } from './questionnaire.js';

export interface AnsweredFacts {
  conditions: ConditionFact[];
  procedures: ProcedureFact[];
  imagingStudies: ImagingStudyFact[];
  notes: string[];
}

function answersByLinkId(response: QuestionnaireResponse): Map<string, QuestionnaireResponseItemAnswer[]> {
  const out = new Map<string, QuestionnaireResponseItemAnswer[]>();
  const walk = (items: QuestionnaireResponse['item']) => {
    for (const item of items ?? []) {
      if (item.answer?.length) out.set(item.linkId, item.answer);
      walk(item.item);
    }
  };
  walk(response.item);
  return out;
}

const codeOf = (answer: QuestionnaireResponseItemAnswer | undefined): Code | undefined => {
  const c = answer?.valueCoding;
  if (!c?.code) return undefined;
  return {
    code: c.code,
    ...(c.system ? { system: c.system } : {}),
    ...(c.display ? { display: c.display } : {}),
  };
};

export function factsFromAnswers(
  response: QuestionnaireResponse,
  plan: QuestionPlan,
  bodySites: readonly Code[],
): AnsweredFacts {
  const answers = answersByLinkId(response);
  const first = (linkId: string) => answers.get(linkId)?.[0];
  const reference = (linkId: string) => `QuestionnaireResponse/${response.id ?? 'answers'}#${linkId}`;
  const facts: AnsweredFacts = { conditions: [], procedures: [], imagingStudies: [], notes: [] };
  for (const { key, evidence } of evidenceQuestions(plan)) {
    const date = first(`${key}.date`)?.valueDate;
    if (evidence.kind === 'condition') {
      const code = codeOf(first(`${key}.code`));
      if (code)
        facts.conditions.push({
          reference: reference(key),
          codes: [code],
          clinicalStatus: 'active',
          bodySites: [...bodySites],
          ...(date ? { recordedDate: date } : {}),
          fromOrderReason: false,
          source: 'draft',
        });
    } else if (evidence.kind === 'procedure') {
      const code = codeOf(first(`${key}.code`));
      if (code)
        facts.procedures.push({
          reference: reference(key),
          codes: [code],
          status: 'completed',
          bodySites: [...bodySites],
          ...(date ? { performedDate: date } : {}),
          source: 'draft',
        });
    } else if (evidence.kind === 'prior-imaging') {
      const modality = codeOf(first(`${key}.modality`));
      const region = codeOf(first(`${key}.region`));
      if (modality && region)
        facts.imagingStudies.push({
          reference: reference(key),
          codes: [],
          modalities: [modality.code],
          bodySites: [region],
          status: 'available',
          texts: [],
          ...(date ? { started: date } : {}),
          source: 'draft',
        });
    } else {
      const text = first(key)?.valueString;
      if (text) facts.notes.push(text);
    }
  }
  const rationale = first('simultaneous.rationale')?.valueString;
  if (rationale) facts.notes.push(rationale);
  return facts;
}

/**
 * The determination for the order with the answers as its chart. `asOf` is when the request is reviewed (studies
 * count when they came before it); `otherOrders` are the open orders the request names besides this one.
 */
export function determinationFromAnswers(input: {
  order: OrderFact;
  response: QuestionnaireResponse;
  plan: QuestionPlan;
  policy: CompiledPolicy;
  asOf: string;
  patientId: string;
  otherOrders?: OrderFact[];
}): Determination {
  const answered = factsFromAnswers(input.response, input.plan, input.order.bodySites);
  const order: OrderFact = { ...input.order, notes: [...input.order.notes, ...answered.notes] };
  const facts: PatientFacts = {
    patientId: input.patientId,
    asOf: input.asOf,
    conditions: answered.conditions,
    procedures: answered.procedures,
    imagingStudies: answered.imagingStudies,
    existingOrders: input.otherOrders ?? [],
    draftOrders: [order],
    gaps: [],
  };
  return evaluateOrder(facts, order, input.policy);
}
