/** FHIR R4 data types as far as the request schemas read them. Loose: unknown elements are kept, never rejected. */
import { z } from 'zod';

export const codingSchema = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const codeableConceptSchema = z.looseObject({
  coding: z.array(codingSchema).optional(),
  text: z.string().optional(),
});

export const referenceSchema = z.looseObject({
  reference: z.string().optional(),
  display: z.string().optional(),
});
