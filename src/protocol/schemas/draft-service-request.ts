/**
 * The fields of a draft ServiceRequest that the policy reads, typed as FHIR R4 defines them. A draft whose fields
 * have the wrong shape (a status that is a number, a code that is a string, a date that is not a FHIR dateTime) is
 * refused with a 400 naming the path, rather than being half-read into a card. Only what the policy reads is checked:
 * validating every element of every resource would cost time on each call and reject drafts for fields we ignore.
 */
import { z } from 'zod';
import { codeableConceptSchema, optional, referenceSchema } from './fhir-datatypes.js';

/** FHIR R4 dateTime: a year, optionally month, day, and a time with a zone. */
const FHIR_DATE_TIME =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;

export const draftServiceRequestSchema = z.looseObject({
  resourceType: z.literal('ServiceRequest'),
  /** Cards, suggestions and the coverage-information update all cite the draft as ServiceRequest/<id>. */
  id: z.string().min(1),
  status: optional(z.string().min(1)),
  intent: optional(z.string().min(1)),
  code: optional(codeableConceptSchema),
  bodySite: optional(z.array(codeableConceptSchema)),
  reasonCode: optional(z.array(codeableConceptSchema)),
  reasonReference: optional(z.array(referenceSchema)),
  subject: optional(referenceSchema),
  requester: optional(referenceSchema),
  authoredOn: optional(z.string().regex(FHIR_DATE_TIME, 'must be a FHIR dateTime')),
  note: optional(z.array(z.looseObject({ text: optional(z.string()) }))),
  patientInstruction: optional(z.string()),
});
