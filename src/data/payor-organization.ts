/**
 * Reading the Organization a Coverage.payor refers to, from the EHR's FHIR server, to learn its identifiers (CRD
 * hook-13: the payer is told by `payer.identifier`). Only a reference on the client's allowed FHIR base is read,
 * with the hook's token, within the remaining time budget; anything else is answered "cannot be read" with why.
 */
import type { IdentifierFact } from './facts.js';
import { createFhirClient } from './fhir-client.js';
import { emptyResult, queryRead } from './fhir-query.js';
import { allowedBase, followableLink } from './fhir-server-guard.js';
import { identifiersOf } from './normalize/coverage.js';
import { asObject } from './normalize/fhir-values.js';
import { runWithinBudget } from './query-budget.js';
import type { FhirQueryObserver } from './query-observer.js';

export interface OrganizationReadRequest {
  /** Coverage.payor.reference: "Organization/<id>" or an absolute URL under fhirServer. */
  reference: string;
  fhirServer?: string;
  accessToken?: string;
  allowedFhirServers: string[];
  budgetMs: number;
  signal?: AbortSignal;
  observeQuery?: FhirQueryObserver;
}

export type OrganizationReading =
  | { read: true; identifiers: IdentifierFact[] }
  /** Why not: a sentence naming no token, URL or patient data. */
  | { read: false; why: string; technical: boolean };

/** "Organization/<id>" with a FHIR id that is not only dots (a path segment, never a way out of the base). */
const ORGANIZATION_PATH = /^Organization\/(?!\.+$)[A-Za-z0-9\-.]{1,64}$/;

/**
 * The path of the Organization relative to base, or undefined when the reference is not one under base. Relative
 * and absolute references are both resolved against the base first, so "Organization/.." cannot climb out of it.
 */
function organizationPath(reference: string, base: string): string | undefined {
  const absolute = followableLink(reference, base);
  if (!absolute) return undefined;
  const relative = absolute.slice(base.length + 1);
  return ORGANIZATION_PATH.test(relative) ? relative : undefined;
}

export async function readPayorOrganization(req: OrganizationReadRequest): Promise<OrganizationReading> {
  if (!req.fhirServer || !req.accessToken) {
    return {
      read: false,
      technical: false,
      why: 'the request has no fhirServer and access token to read it with',
    };
  }
  const base = allowedBase(req.fhirServer, req.allowedFhirServers);
  if (!base) {
    return { read: false, technical: false, why: "the fhirServer is not one of this client's FHIR servers" };
  }
  const path = organizationPath(req.reference, base);
  if (!path) {
    return { read: false, technical: false, why: 'the reference is not an Organization on the fhirServer' };
  }
  const client = createFhirClient({ baseUrl: base, bearerToken: req.accessToken });
  const result = emptyResult();
  const [outcome] = await runWithinBudget(
    [
      {
        topic: 'coverage',
        resourceType: 'Organization',
        result,
        run: (signal, budgetExpired) =>
          queryRead(
            { client, base, signal, maxPages: 1, budgetExpired, observe: req.observeQuery },
            'coverage',
            path,
            'Organization',
            result,
          ),
      },
    ],
    req.budgetMs,
    req.signal,
  );
  const organization = asObject(outcome?.resources[0]);
  if (!organization) {
    return { read: false, technical: true, why: outcome?.gap?.message ?? 'Organization query: no answer' };
  }
  return { read: true, identifiers: identifiersOf(organization.identifier) };
}
