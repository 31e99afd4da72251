/**
 * Da Vinci CRD versions. Discovery declares, per service, every CRD version it meets as "major.minor"
 * (`davinci-crd.version`, dev-1/dev-2); a CRD 2.2 client then names the one it speaks in the request's
 * `extension["davinci-crd.requestedVersion"]` (dev-3). CRD 2.0.1 has neither key, so a call without one is a
 * 2.0 call. The answer differs where the two versions' coverage-information and card-type code systems differ
 * (src/cards/coverage-information.ts; docs/integration.md has the table).
 */
import type { CrdVersion } from '../cards/context.js';
import { HttpError } from './http-error.js';

export const CRD_VERSIONS: readonly CrdVersion[] = ['2.0', '2.2'];
export const REQUESTED_VERSION_KEY = 'davinci-crd.requestedVersion';

function isCrdVersion(value: string): value is CrdVersion {
  return (CRD_VERSIONS as readonly string[]).includes(value);
}

/** The version to answer in; 422 (CRD hook-13: valid, but against a CRD rule) for a version not declared. */
export function requestedCrdVersion(extension: unknown): CrdVersion {
  const requested = (extension as Record<string, unknown> | null | undefined)?.[REQUESTED_VERSION_KEY];
  if (requested === undefined || requested === null) return '2.0';
  // "2.2.1" names the same interface as "2.2": the patch part never changes interoperability (deviations.md).
  const majorMinor =
    typeof requested === 'string' ? /^(\d+\.\d+)(\.\d+)?$/.exec(requested.trim())?.[1] : undefined;
  if (majorMinor && isCrdVersion(majorMinor)) return majorMinor;
  throw HttpError.outcome(
    422,
    'not-supported',
    `extension.${REQUESTED_VERSION_KEY}: this service answers CRD ${CRD_VERSIONS.join(' and ')} only`,
  );
}
