/** Condition -> ConditionFact. */
import type { ConditionFact, FactSource } from '../facts.js';
import {
  asString,
  conceptCodes,
  conceptListCodes,
  conceptText,
  firstCode,
  firstDate,
  resourceOfType,
} from './fhir-values.js';

export interface ConditionOptions {
  /** Used when the resource has no id (a draftOrders entry known only by its fullUrl "urn:uuid:..."). */
  fallbackReference?: string;
  /** Set for Conditions an order cites as its reason rather than ones read from the problem list. */
  fromOrderReason?: boolean;
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

  const fact: ConditionFact = {
    reference,
    codes: conceptCodes(condition.code),
    bodySites: conceptListCodes(condition.bodySite),
    fromOrderReason: options.fromOrderReason ?? false,
    source,
  };
  const text = conceptText(condition.code);
  if (text) fact.text = text;
  const clinicalStatus = firstCode(condition.clinicalStatus);
  if (clinicalStatus) fact.clinicalStatus = clinicalStatus;
  const verificationStatus = firstCode(condition.verificationStatus);
  if (verificationStatus) fact.verificationStatus = verificationStatus;
  // recordedDate is when the chart learned of it; onset is the fallback for records that only carry that.
  const recordedDate = firstDate(condition, ['recordedDate', 'onsetDateTime', 'onsetPeriod']);
  if (recordedDate) fact.recordedDate = recordedDate;
  return fact;
}
