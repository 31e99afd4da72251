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

/**
 * A FHIR Bundle (context.draftOrders). An empty bundle may omit `entry`, as FHIR JSON omits empty arrays. Draft
 * ServiceRequests are the resources the policy reads, so their fields are checked too (draft-service-request.ts).
 */
export const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: optional(
    z.array(
      z.looseObject({
        resource: resourceSchema.superRefine((resource, ctx) => {
          if (resource.resourceType !== 'ServiceRequest') return;
          const result = draftServiceRequestSchema.safeParse(resource, { reportInput: true });
          if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue });
        }),
      }),
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
