/**
 * The demo EHR's DTR client, population step: SDC expression-based population of any Questionnaire, as DTR places
 * it on the EHR side (spec-62), never in the payer service. It knows nothing of the policy: it runs the
 * Questionnaire's own `variable` extensions (application/x-fhir-query against the EHR's FHIR server, text/fhirpath
 * over what they fetched) and each item's `initialExpression` (FHIRPath, with HL7 FHIRPath.js and the R4 model),
 * then keeps the answers of enabled items. Every answer carries DTR's information-origin `auto-client` (spec-65).
 *
 * Expressions in other languages (text/cql, text/cql-identifier) are not run: they are reported in `skipped`, so a
 * questionnaire that needs a CQL engine says so instead of silently coming back empty.
 */

import type {
  Bundle,
  Extension,
  Patient,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from 'fhir/r4.js';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';

const VARIABLE = 'http://hl7.org/fhir/StructureDefinition/variable';
const INITIAL = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression';
export const INFORMATION_ORIGIN = 'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin';
const DTR_QR = 'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse';

/** Reads the EHR's FHIR server: a relative search ("Condition?patient=p1") to a Bundle of every page. */
export type FhirSearch = (query: string) => Promise<Bundle>;

export interface PrefillInput {
  questionnaire: Questionnaire;
  patient: Patient;
  search: FhirSearch;
  /** The package's draft response (context, coverage, intended use) to fill; a new one when absent. */
  draft?: QuestionnaireResponse;
  now: Date;
}

export interface PrefillResult {
  response: QuestionnaireResponse;
  /** Expressions that could not be run, with why (language not supported, evaluation error). */
  skipped: Array<{ linkId?: string; name?: string; reason: string }>;
}

type Env = Record<string, unknown>;

function evaluate(expression: string, env: Env): unknown[] {
  const result = fhirpath.evaluate({}, expression, env, r4);
  if (result instanceof Promise) throw new Error('asynchronous FHIRPath functions are not supported');
  return result as unknown[];
}

/** `{{expression}}` embedded in an x-fhir-query, each replaced by its FHIRPath value (URL-encoded). */
function interpolate(query: string, env: Env): string {
  return query.replace(/\{\{(.+?)\}\}/g, (_m, expression: string) =>
    evaluate(expression.trim(), env)
      .map((v) => encodeURIComponent(String(v)))
      .join(','),
  );
}

async function runVariables(
  extensions: readonly Extension[] | undefined,
  env: Env,
  search: FhirSearch,
  skipped: PrefillResult['skipped'],
  linkId?: string,
): Promise<void> {
  for (const ext of extensions ?? []) {
    if (ext.url !== VARIABLE) continue;
    const { name, language, expression } = ext.valueExpression ?? {};
    if (!name || !expression) continue;
    try {
      if (language === 'application/x-fhir-query') env[name] = await search(interpolate(expression, env));
      else if (language === 'text/fhirpath') env[name] = evaluate(expression, env);
      else skipped.push({ linkId, name, reason: `language ${String(language)} is not supported` });
    } catch (error) {
      skipped.push({ linkId, name, reason: (error as Error).message });
    }
  }
}

function answerOf(item: QuestionnaireItem, value: unknown): QuestionnaireResponseItemAnswer | undefined {
  switch (item.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { valueBoolean: value } : undefined;
    case 'date':
      return typeof value === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?/.test(value)
        ? { valueDate: value.slice(0, 10) }
        : undefined;
    case 'string':
    case 'text':
      return typeof value === 'string' ? { valueString: value } : undefined;
    case 'choice':
    case 'open-choice': {
      if (typeof value === 'string' && item.type === 'open-choice') return { valueString: value };
      const coding = value as { system?: string; code?: string; display?: string } | undefined;
      if (!coding || typeof coding !== 'object' || typeof coding.code !== 'string') return undefined;
      return {
        valueCoding: {
          ...(coding.system ? { system: coding.system } : {}),
          code: coding.code,
          ...(coding.display ? { display: coding.display } : {}),
        },
      };
    }
    default:
      return undefined;
  }
}

const AUTO_CLIENT: Extension = {
  url: INFORMATION_ORIGIN,
  extension: [{ url: 'source', valueCode: 'auto-client' }],
};

/** The prefilled answers by linkId, whatever their enablement (none of these expressions reads other answers). */
async function answersOf(
  items: readonly QuestionnaireItem[] | undefined,
  env: Env,
  search: FhirSearch,
  skipped: PrefillResult['skipped'],
  out: Map<string, QuestionnaireResponseItemAnswer[]>,
): Promise<void> {
  for (const item of items ?? []) {
    const scope = { ...env };
    await runVariables(item.extension, scope, search, skipped, item.linkId);
    const initial = item.extension?.find((e) => e.url === INITIAL)?.valueExpression;
    if (initial?.expression) {
      if (initial.language !== 'text/fhirpath') {
        skipped.push({
          linkId: item.linkId,
          reason: `language ${String(initial.language)} is not supported`,
        });
      } else {
        try {
          const values = evaluate(initial.expression, scope);
          const answers = (item.repeats ? values : values.slice(0, 1))
            .map((v) => answerOf(item, v))
            .filter((a): a is QuestionnaireResponseItemAnswer => a !== undefined)
            .map((a) => ({ ...a, extension: [AUTO_CLIENT] }));
          if (answers.length > 0) out.set(item.linkId, answers);
        } catch (error) {
          skipped.push({ linkId: item.linkId, reason: (error as Error).message });
        }
      }
    }
    await answersOf(item.item, scope, search, skipped, out);
  }
}

/** Whether an item is enabled by the answers (enableWhen with =, != and exists; behaviour all/any). */
export function isEnabled(
  item: QuestionnaireItem,
  answers: ReadonlyMap<string, QuestionnaireResponseItemAnswer[]>,
) {
  if (!item.enableWhen?.length) return true;
  const results = item.enableWhen.map((condition) => {
    const given = answers.get(condition.question) ?? [];
    if (condition.operator === 'exists') return given.length > 0 === condition.answerBoolean;
    const matches = given.some((a) => {
      if (condition.answerCoding)
        return (
          a.valueCoding?.code === condition.answerCoding.code &&
          (a.valueCoding?.system ?? '') === (condition.answerCoding.system ?? '')
        );
      if (condition.answerBoolean !== undefined) return a.valueBoolean === condition.answerBoolean;
      if (condition.answerString !== undefined) return a.valueString === condition.answerString;
      return false;
    });
    return condition.operator === '!=' ? !matches : matches;
  });
  return item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
}

/** The response items for the enabled items that hold answers (groups only when something inside is answered). */
export function responseItems(
  items: readonly QuestionnaireItem[] | undefined,
  answers: ReadonlyMap<string, QuestionnaireResponseItemAnswer[]>,
): QuestionnaireResponseItem[] {
  const out: QuestionnaireResponseItem[] = [];
  for (const item of items ?? []) {
    if (!isEnabled(item, answers)) continue;
    const children = responseItems(item.item, answers);
    const answer = answers.get(item.linkId);
    if (item.type === 'group') {
      if (children.length > 0) out.push({ linkId: item.linkId, text: item.text, item: children });
    } else if (answer?.length) {
      out.push({ linkId: item.linkId, text: item.text, answer });
    }
  }
  return out;
}

export async function prefill(input: PrefillInput): Promise<PrefillResult> {
  const { questionnaire, patient, search } = input;
  const skipped: PrefillResult['skipped'] = [];
  const env: Env = { patient, questionnaire };
  await runVariables(questionnaire.extension, env, search, skipped);
  const answers = new Map<string, QuestionnaireResponseItemAnswer[]>();
  await answersOf(questionnaire.item, env, search, skipped, answers);
  const draft = input.draft ?? { resourceType: 'QuestionnaireResponse', status: 'in-progress' };
  const response: QuestionnaireResponse = {
    ...draft,
    resourceType: 'QuestionnaireResponse',
    meta: { ...draft.meta, profile: draft.meta?.profile ?? [DTR_QR] },
    questionnaire: draft.questionnaire ?? `${questionnaire.url}|${questionnaire.version}`,
    status: 'in-progress',
    subject: draft.subject ?? { reference: `Patient/${patient.id}` },
    authored: input.now.toISOString(),
    item: responseItems(questionnaire.item, answers),
  };
  return { response, skipped };
}

/** A FhirSearch over HTTP with a bearer token, following `next` links (at most `maxPages`). */
export function httpSearch(fhirBase: string, accessToken: string, maxPages = 5): FhirSearch {
  return async (query) => {
    const origin = new URL(fhirBase).origin;
    let url: string | undefined = `${fhirBase.replace(/\/+$/, '')}/${query}`;
    const entry: NonNullable<Bundle['entry']> = [];
    for (let page = 0; url && page < maxPages; page += 1) {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/fhir+json' },
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`${res.status} from the FHIR server for ${query.split('?')[0]}`);
      const bundle = (await res.json()) as Bundle;
      entry.push(...(bundle.entry ?? []));
      // Paging stays on the EHR's own server, whatever a next link says.
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      url = next && new URL(next, fhirBase).origin === origin ? new URL(next, fhirBase).href : undefined;
    }
    return { resourceType: 'Bundle', type: 'searchset', entry };
  };
}
