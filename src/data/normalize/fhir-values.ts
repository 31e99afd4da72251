/**
 * Tolerant readers for FHIR JSON. Prefetch and EHR responses are untrusted input: any field may be missing,
 * of the wrong JSON type, or null. These helpers return undefined/empty instead of throwing, and they do no
 * schema validation of whole resources (a 5,000-Condition chart must normalize in milliseconds).
 */
import type { Code } from '../facts.js';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The resource if it is an object of the given resourceType. */
export function resourceOfType(value: unknown, resourceType: string): JsonObject | undefined {
  const obj = asObject(value);
  return obj?.resourceType === resourceType ? obj : undefined;
}

/**
 * Codes of one Coding array, appended to `into`; codings without a code are dropped (they cannot match a value
 * set). Plain loops and one object literal per code (system and display present, possibly undefined, so every
 * Code has the same shape): this runs once per coding of a whole chart.
 */
export function codingsToCodes(codings: unknown, into: Code[] = []): Code[] {
  if (!Array.isArray(codings)) return into;
  for (const item of codings) {
    const coding = asObject(item);
    if (!coding) continue;
    const code = asString(coding.code);
    if (!code) continue;
    into.push({ system: asString(coding.system), code, display: asString(coding.display) });
  }
  return into;
}

/** Codes of one CodeableConcept. */
export function conceptCodes(concept: unknown): Code[] {
  return codingsToCodes(asObject(concept)?.coding);
}

/** Codes of a CodeableConcept[] flattened (bodySite, reasonCode). */
export function conceptListCodes(concepts: unknown): Code[] {
  const codes: Code[] = [];
  if (!Array.isArray(concepts)) return codes;
  for (const concept of concepts) codingsToCodes(asObject(concept)?.coding, codes);
  return codes;
}

export function conceptText(concept: unknown): string | undefined {
  return asString(asObject(concept)?.text);
}

/** The texts of a CodeableConcept[] (bodySite[].text), joined with "; "; where the site is written in words only. */
export function conceptListText(concepts: unknown): string | undefined {
  const texts: string[] = [];
  for (const concept of asArray(concepts)) {
    const text = conceptText(concept);
    if (text) texts.push(text);
  }
  return texts.length > 0 ? texts.join('; ') : undefined;
}

/** The first code of a CodeableConcept: how FHIR carries statuses such as Condition.clinicalStatus. */
export function firstCode(concept: unknown): string | undefined {
  for (const coding of asArray(asObject(concept)?.coding)) {
    const code = asString(asObject(coding)?.code);
    if (code) return code;
  }
  return undefined;
}

/** The `reference` string of a Reference, if any. */
export function referenceOf(value: unknown): string | undefined {
  return asString(asObject(value)?.reference);
}

const ABSOLUTE_REFERENCE = /^https?:\/\/.+\/([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/;

/**
 * "http://ehr/fhir/Condition/1/_history/2" -> "Condition/1", so that a reasonReference written absolute still
 * matches the "Condition/1" reference of the normalized Condition. Other forms are returned unchanged.
 */
export function toRelativeReference(reference: string): string {
  return ABSOLUTE_REFERENCE.exec(reference)?.[1] ?? reference;
}

/** The first present dateTime-ish field: choice types like performed[x] keep their date in different fields. */
export function firstDate(obj: JsonObject, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const direct = asString(obj[field]);
    if (direct) return direct;
    // Period: the start is when it happened.
    const period = asString(asObject(obj[field])?.start);
    if (period) return period;
  }
  return undefined;
}
