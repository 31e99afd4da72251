/**
 * zod schemas of the CDS Hooks 2.0 response objects (Card, Source, Suggestion, Action, Link, Coding), written from
 * the spec (cds-hooks.hl7.org/2.0, #cds-service-response) plus the CRD rules this service follows (uuid on cards and
 * suggestions, action description, link type). There is no official JSON Schema, so this is the check every
 * response passes through in tests, and other layers may use it too.
 *
 * JSON rule of the spec: optional fields are omitted rather than sent empty, so arrays that are present are non-empty.
 */
import type { FhirResource } from 'fhir/r4.js';
import { z } from 'zod';

const uuid = z.uuid();
const nonEmpty = z.string().min(1);

export const codingSchema = z.object({
  system: z.url(),
  code: nonEmpty,
  display: nonEmpty.optional(),
});

export const linkSchema = z
  .object({
    label: nonEmpty,
    url: z.url(),
    type: z.enum(['absolute', 'smart']),
    appContext: nonEmpty.optional(),
    autolaunchable: z.boolean().optional(),
  })
  .refine((link) => link.type === 'smart' || link.appContext === undefined, {
    message: 'appContext is only valid on smart links',
  });

export const sourceSchema = z.object({
  label: nonEmpty,
  url: z.url().optional(),
  icon: z.url().optional(),
  topic: codingSchema.optional(),
});

/** A FHIR resource as far as CDS Hooks cares: an object with a resourceType. */
const resourceSchema = z.looseObject({ resourceType: nonEmpty });

export const actionSchema = z
  .object({
    type: z.enum(['create', 'update', 'delete']),
    description: nonEmpty,
    resource: resourceSchema.optional(),
    /** Relative reference ("ServiceRequest/123") of the resource to delete. */
    resourceId: z
      .string()
      .regex(/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/, 'a relative reference Type/id')
      .optional(),
  })
  .superRefine((action, ctx) => {
    if ((action.type === 'create' || action.type === 'update') && !action.resource) {
      ctx.addIssue({ code: 'custom', message: `${action.type} action needs a resource` });
    }
    if (action.type === 'delete' && !action.resourceId) {
      ctx.addIssue({ code: 'custom', message: 'delete action needs a resourceId' });
    }
  });

export const suggestionSchema = z.object({
  label: nonEmpty,
  uuid,
  isRecommended: z.boolean().optional(),
  actions: z.array(actionSchema).min(1).optional(),
});

export const cardSchema = z
  .object({
    uuid,
    summary: nonEmpty.max(139, 'summary must be under 140 characters'),
    detail: nonEmpty.optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: sourceSchema,
    suggestions: z.array(suggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z
      .array(codingSchema.required({ display: true }))
      .min(1)
      .optional(),
    links: z.array(linkSchema).min(1).optional(),
    extension: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((card, ctx) => {
    if (card.suggestions && !card.selectionBehavior) {
      ctx.addIssue({ code: 'custom', message: 'selectionBehavior is required when there are suggestions' });
    }
    if (
      card.selectionBehavior === 'at-most-one' &&
      (card.suggestions ?? []).filter((s) => s.isRecommended).length > 1
    ) {
      ctx.addIssue({ code: 'custom', message: 'at most one suggestion may be recommended with at-most-one' });
    }
  });

export const responseSchema = z.object({
  cards: z.array(cardSchema),
  systemActions: z.array(actionSchema).min(1).optional(),
});

export type Coding = z.infer<typeof codingSchema>;
export type Link = z.infer<typeof linkSchema>;
export type Source = z.infer<typeof sourceSchema>;
/** Actions carry typed FHIR resources in TypeScript; the schema only checks resourceType at run time. */
export type Action = Omit<z.infer<typeof actionSchema>, 'resource'> & { resource?: FhirResource };
export type Suggestion = Omit<z.infer<typeof suggestionSchema>, 'actions'> & { actions?: Action[] };
export type Card = Omit<z.infer<typeof cardSchema>, 'suggestions'> & { suggestions?: Suggestion[] };
export interface CdsResponse {
  cards: Card[];
  systemActions?: Action[];
}
