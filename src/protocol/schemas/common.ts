/**
 * Building blocks shared by the hook and feedback schemas. Objects are "loose" (unknown keys kept, never rejected):
 * CRD hook-23 asks servers to ignore unknown context keys and unexpected elements, and CRD 2.0.1 and 2.2 clients
 * add different ones.
 */
import { z } from 'zod';
import { draftServiceRequestSchema } from './draft-service-request.js';
import { optional } from './fhir-datatypes.js';

/** An http(s) URL: FHIR bases and the like. Other schemes (file:, gopher:...) are refused outright. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });

export { codingSchema } from './fhir-datatypes.js';

/** A FHIR resource as far as the protocol layer cares: it has a resourceType. The data layer reads the rest. */
export const resourceSchema = z.looseObject({
  resourceType: z.string().min(1),
  id: optional(z.string()),
});

/** The id a Bundle entry's fullUrl gives its resource: "urn:uuid:<uuid>" or ".../<Type>/<id>" of the same type. */
export function idFromFullUrl(fullUrl: unknown, resourceType: unknown): string | undefined {
  if (typeof fullUrl !== 'string' || typeof resourceType !== 'string') return undefined;
  const uuid = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(fullUrl);
  if (uuid) return uuid[1]!.toLowerCase();
  const literal = /^https?:\/\/\S+\/([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(fullUrl);
  return literal && literal[1] === resourceType ? literal[2] : undefined;
}

/**
 * A draft sent without an id (an order the EHR has not stored yet) is cited by its entry's fullUrl: it gets the id
 * the fullUrl names, so cards, suggestions and the coverage-information update can name it ("ServiceRequest/<id>";
 * for a urn:uuid, the uuid, as in a FHIR transaction). Anything else keeps the "id is required" answer.
 */
function withIdFromFullUrl(entry: unknown): unknown {
  const { fullUrl, resource } = (entry ?? {}) as { fullUrl?: unknown; resource?: Record<string, unknown> };
  // Orders only: a Condition sent along without an id is already cited by its fullUrl (normalize/draft-orders.ts).
  if (resource?.resourceType !== 'ServiceRequest' || resource.id !== undefined) return entry;
  const id = idFromFullUrl(fullUrl, resource.resourceType);
  return id ? { ...(entry as object), resource: { ...resource, id } } : entry;
}

/**
 * A FHIR Bundle (context.draftOrders). An empty bundle may omit `entry`, as FHIR JSON omits empty arrays. Draft
 * ServiceRequests are the resources the policy reads, so their fields are checked too (draft-service-request.ts).
 */
export const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: optional(
    z.array(
      z.preprocess(
        withIdFromFullUrl,
        z.looseObject({
          fullUrl: optional(z.string()),
          resource: resourceSchema.superRefine((resource, ctx) => {
            if (resource.resourceType !== 'ServiceRequest') return;
            const result = draftServiceRequestSchema.safeParse(resource, { reportInput: true });
            if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue });
          }),
        }),
      ),
    ),
  ),
});

/**
 * fhirAuthorization, validated leniently: only the access token is essential to us. Some EHRs omit expires_in or
 * send it as a string (cds-hooks/sandbox#65), and scope/subject are informative only.
 */
export const fhirAuthorizationSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: optional(z.string()),
  expires_in: optional(z.union([z.number(), z.string()])),
  scope: optional(z.string()),
  subject: optional(z.string()),
  patient: optional(z.string()),
});

/** A prefetch key may hold a resource, a Bundle, an OperationOutcome, or null ("no data"). */
export const prefetchSchema = z.record(z.string(), z.unknown());
