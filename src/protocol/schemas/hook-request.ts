/**
 * The CDS Hooks 2.0 request for order-select and order-sign (hook library 1.0.1 contexts): the single source of truth
 * for the request types the rest of the protocol layer uses.
 */
import { z } from 'zod';
import { bundleSchema, fhirAuthorizationSchema, httpUrl, prefetchSchema } from './common.js';
import { optional } from './fhir-datatypes.js';

const baseContext = {
  userId: z.string().min(1),
  patientId: z.string().min(1),
  encounterId: optional(z.string().min(1)),
  draftOrders: bundleSchema,
};

export const orderSignContextSchema = z.looseObject(baseContext);

export const orderSelectContextSchema = z.looseObject({
  ...baseContext,
  /** References ("ServiceRequest/123") to the orders just selected, among draftOrders. */
  selections: z.array(z.string().min(1)),
});

function hookRequest<C extends z.ZodType>(context: C) {
  return z
    .looseObject({
      hook: z.string().min(1),
      hookInstance: z.string().min(1),
      fhirServer: optional(httpUrl),
      fhirAuthorization: optional(fhirAuthorizationSchema),
      context,
      prefetch: optional(prefetchSchema),
      /** Extensions are read only where we know them (davinci-crd.configuration); anything else is ignored. */
      extension: optional(z.unknown()),
    })
    .superRefine((request, ctx) => {
      // cds-r-1: a token is useless (and must not be accepted) without the server it is for.
      if (request.fhirAuthorization && !request.fhirServer) {
        ctx.addIssue({
          code: 'custom',
          path: ['fhirServer'],
          message: 'is required when fhirAuthorization is present',
        });
      }
    });
}

export const orderSignRequestSchema = hookRequest(orderSignContextSchema);
export const orderSelectRequestSchema = hookRequest(orderSelectContextSchema);

export type OrderSignRequest = z.infer<typeof orderSignRequestSchema>;
export type OrderSelectRequest = z.infer<typeof orderSelectRequestSchema>;
export type HookRequest = OrderSignRequest | OrderSelectRequest;
