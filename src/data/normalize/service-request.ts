/** ServiceRequest -> OrderFact: a draft order of this hook call, or an order already in the EHR. */
import type { FactSource, OrderFact } from '../facts.js';
import {
  asArray,
  asObject,
  asString,
  conceptCodes,
  conceptListCodes,
  conceptText,
  referenceOf,
  resourceOfType,
  toRelativeReference,
} from './fhir-values.js';

/**
 * A reasonReference as the policy can match it against normalized Conditions: "#c1" (a contained resource)
 * becomes "ServiceRequest/<id>#c1", the reference the contained Condition is given; absolute URLs become relative.
 */
export function resolveReasonReference(reference: string, orderId: string): string {
  return reference.startsWith('#') ? `ServiceRequest/${orderId}${reference}` : toRelativeReference(reference);
}

/** Returns undefined when the value is not a ServiceRequest with an id (an order that cannot be cited). */
export function normalizeServiceRequest(value: unknown, source: FactSource): OrderFact | undefined {
  const request = resourceOfType(value, 'ServiceRequest');
  const id = asString(request?.id);
  if (!request || !id) return undefined;

  const reasonText: string[] = [];
  for (const reason of asArray(request.reasonCode)) {
    const text = conceptText(reason);
    if (text) reasonText.push(text);
  }
  const reasonReferences: string[] = [];
  for (const item of asArray(request.reasonReference)) {
    const reference = referenceOf(item);
    if (reference) reasonReferences.push(resolveReasonReference(reference, id));
  }
  // Notes and patient instructions are where clinicians write the rationale the policy asks for
  // (why simultaneous imaging, whether the study is for surgical planning).
  const notes: string[] = [];
  for (const item of asArray(request.note)) {
    const text = asString(asObject(item)?.text);
    if (text) notes.push(text);
  }
  const patientInstruction = asString(request.patientInstruction);
  if (patientInstruction) notes.push(patientInstruction);

  const fact: OrderFact = {
    reference: `ServiceRequest/${id}`,
    id,
    resourceType: 'ServiceRequest',
    codes: conceptCodes(request.code),
    bodySites: conceptListCodes(request.bodySite),
    reasonCodes: conceptListCodes(request.reasonCode),
    reasonText,
    reasonReferences,
    notes,
    draft: source === 'draft',
    source,
  };
  const status = asString(request.status);
  if (status) fact.status = status;
  const intent = asString(request.intent);
  if (intent) fact.intent = intent;
  const codeText = conceptText(request.code);
  if (codeText) fact.codeText = codeText;
  const bodySiteText = asArray(request.bodySite).map(conceptText).filter(Boolean).join('; ');
  if (bodySiteText) fact.bodySiteText = bodySiteText;
  const authoredOn = asString(request.authoredOn);
  if (authoredOn) fact.authoredOn = authoredOn;
  return fact;
}
