/** ServiceRequest -> OrderFact: a draft order of this hook call, or an order already in the EHR. */
import type { FactSource, OrderFact } from '../facts.js';
import {
  asArray,
  asObject,
  asString,
  conceptCodes,
  conceptListCodes,
  conceptListText,
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

  // supportingInfo: what the clinician attached as the order's grounds. Its display is text; a reference to a
  // contained resource is read here (a DocumentReference's description, a Condition's or Observation's text).
  const supportingReferences: string[] = [];
  const supportingTexts: string[] = [];
  for (const item of asArray(request.supportingInfo)) {
    const display = asString(asObject(item)?.display);
    if (display) supportingTexts.push(display);
    const reference = referenceOf(item);
    if (!reference) continue;
    if (reference.startsWith('#')) {
      const text = containedText(request.contained, reference.slice(1));
      if (text) supportingTexts.push(text);
    }
    supportingReferences.push(resolveReasonReference(reference, id));
  }

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
    supportingReferences,
    supportingTexts,
    draft: source === 'draft',
    source,
  };
  const status = asString(request.status);
  if (status) fact.status = status;
  const intent = asString(request.intent);
  if (intent) fact.intent = intent;
  const codeText = conceptText(request.code);
  if (codeText) fact.codeText = codeText;
  const bodySiteText = conceptListText(request.bodySite);
  if (bodySiteText) fact.bodySiteText = bodySiteText;
  const authoredOn = asString(request.authoredOn);
  if (authoredOn) fact.authoredOn = authoredOn;
  return fact;
}

/**
 * The words of a resource attached as supportingInfo: a DocumentReference's description and attachment titles, a
 * Condition's or Observation's code text (or first display) and an Observation's valueString.
 */
export function supportingResourceText(value: unknown): string | undefined {
  const resource = asObject(value);
  if (!resource) return undefined;
  const texts: string[] = [];
  const push = (text: string | undefined) => {
    if (text) texts.push(text);
  };
  if (resource.resourceType === 'DocumentReference') {
    push(asString(resource.description));
    for (const content of asArray(resource.content))
      push(asString(asObject(asObject(content)?.attachment)?.title));
  } else if (resource.resourceType === 'Condition' || resource.resourceType === 'Observation') {
    const code = asObject(resource.code);
    push(conceptText(code) ?? asString(asObject(asArray(code?.coding)[0])?.display));
    push(asString(resource.valueString));
  }
  return texts.length > 0 ? texts.join('; ') : undefined;
}

function containedText(contained: unknown, id: string): string | undefined {
  for (const item of asArray(contained)) {
    if (asString(asObject(item)?.id) === id) return supportingResourceText(item);
  }
  return undefined;
}
