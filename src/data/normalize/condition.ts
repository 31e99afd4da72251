/** Condition -> ConditionFact. */
import type { ConditionFact, FactSource } from '../facts.js';
import {
  asObject,
  asString,
  conceptCodes,
  conceptListCodes,
  conceptListText,
  conceptText,
  firstCode,
  firstDate,
  type JsonObject,
  resourceOfType,
} from './fhir-values.js';

export interface ConditionOptions {
  /** Used when the resource has no id (a draftOrders entry known only by its fullUrl "urn:uuid:..."). */
  fallbackReference?: string;
  /** Set for Conditions an order cites as its reason rather than ones read from the problem list. */
  fromOrderReason?: boolean;
}

const RECORDED_FIELDS = ['recordedDate', 'onsetDateTime', 'onsetPeriod'] as const;
const ONSET_FIELDS = ['onsetDateTime', 'onsetPeriod'] as const;
/** abatement[x] forms; any of them present means the condition has abated (FHIR R4 con-4). */
const ABATEMENT_FIELDS = [
  'abatementDateTime',
  'abatementPeriod',
  'abatementAge',
  'abatementRange',
  'abatementString',
] as const;

/** The date the condition abated: a dateTime, or a Period's end (else its start); none for age, Range, string. */
function abatementDateOf(condition: JsonObject): string | undefined {
  const direct = asString(condition.abatementDateTime);
  if (direct) return direct;
  const period = asObject(condition.abatementPeriod);
  return asString(period?.end) ?? asString(period?.start);
}

/** Returns undefined when the value is not a Condition or cannot be cited (no id and no fallback). */
export function normalizeCondition(
  value: unknown,
  source: FactSource,
  options: ConditionOptions = {},
): ConditionFact | undefined {
  const condition = resourceOfType(value, 'Condition');
  if (!condition) return undefined;
  const id = asString(condition.id);
  const reference = id ? `Condition/${id}` : options.fallbackReference;
  if (!reference) return undefined;

  // One object literal with every field, present or not: adding optional fields one by one would move them out of
  // the object into a separate, growing property store, for each of a big chart's 5,000 Conditions.
  return {
    reference,
    codes: conceptCodes(condition.code),
    text: conceptText(condition.code),
    clinicalStatus: firstCode(condition.clinicalStatus),
    verificationStatus: firstCode(condition.verificationStatus),
    bodySites: conceptListCodes(condition.bodySite),
    bodySiteText: conceptListText(condition.bodySite),
    // recordedDate is when the chart learned of it; onset is the fallback for records that only carry that.
    recordedDate: firstDate(condition, RECORDED_FIELDS),
    onset: firstDate(condition, ONSET_FIELDS),
    abated: ABATEMENT_FIELDS.some((field) => condition[field] !== undefined && condition[field] !== null),
    abatementDate: abatementDateOf(condition),
    fromOrderReason: options.fromOrderReason ?? false,
    source,
  };
}
