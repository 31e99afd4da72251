/** FHIR R4 data types as far as the request schemas read them. Loose: unknown elements are kept, never rejected. */
import { z } from 'zod';

/**
 * An optional field that may also arrive as JSON `null`, read as absent. CDS Hooks asks clients to omit empty
 * optional fields, but Java serializers (the CRD reference implementation's among them) write `null` for every
 * unset one; being liberal here costs nothing, and a null never reaches the layers below.
 */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

export const codingSchema = z.looseObject({
  system: optional(z.string()),
  code: optional(z.string()),
  display: optional(z.string()),
});

export const codeableConceptSchema = z.looseObject({
  coding: optional(z.array(codingSchema)),
  text: optional(z.string()),
});

export const referenceSchema = z.looseObject({
  reference: optional(z.string()),
  display: optional(z.string()),
});
