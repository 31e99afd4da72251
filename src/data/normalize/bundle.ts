/**
 * Reading a search-result Bundle (from prefetch or from our own query) without trusting it.
 *
 * A key may hold a Bundle of the wrong resource type (an EHR bug), an OperationOutcome instead of results, or
 * garbage. We keep entries of the expected type, skip and count the rest (searchsets may legitimately carry
 * `_include`d resources and informational OperationOutcomes), and call the Bundle invalid when it holds entries
 * but none of the expected type, or only error OperationOutcomes: reading it as "no data" would be a misreading.
 */
import { asArray, asObject, asString } from './fhir-values.js';

export type BundleReading =
  | { valid: true; resources: unknown[]; skipped: number; next?: string }
  | { valid: false; problem: string };

function isErrorOutcome(resource: Record<string, unknown>): boolean {
  return asArray(resource.issue).some((issue) => {
    const severity = asObject(issue)?.severity;
    return severity === 'error' || severity === 'fatal';
  });
}

/** The URL of the Bundle's `next` link, if any. */
export function nextLink(bundle: Record<string, unknown>): string | undefined {
  for (const link of asArray(bundle.link)) {
    const obj = asObject(link);
    if (obj?.relation === 'next') return asString(obj.url);
  }
  return undefined;
}

export function readSearchBundle(value: unknown, resourceType: string): BundleReading {
  const bundle = asObject(value);
  if (!bundle) return { valid: false, problem: 'not a JSON object' };
  if (bundle.resourceType === 'OperationOutcome') return { valid: false, problem: 'an OperationOutcome' };
  if (bundle.resourceType !== 'Bundle') return { valid: false, problem: 'not a Bundle' };

  const resources: unknown[] = [];
  let skipped = 0;
  let errorOutcome = false;
  for (const entry of asArray(bundle.entry)) {
    const resource = asObject(asObject(entry)?.resource);
    if (resource?.resourceType === resourceType) resources.push(resource);
    else if (resource?.resourceType === 'OperationOutcome') errorOutcome ||= isErrorOutcome(resource);
    else skipped++;
  }
  if (resources.length === 0 && skipped > 0) {
    return { valid: false, problem: `a Bundle without ${resourceType} entries` };
  }
  if (resources.length === 0 && errorOutcome) return { valid: false, problem: 'a Bundle carrying an error' };
  const next = nextLink(bundle);
  return next ? { valid: true, resources, skipped, next } : { valid: true, resources, skipped };
}
