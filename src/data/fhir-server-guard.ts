/**
 * SSRF guard. The hook request names the FHIR server to query and hands us a token for it; an attacker who can
 * send hook calls could point us at an internal host. So we contact a server only when it is exactly one of the
 * client's configured bases, and we follow `next` links only when they stay under that same base.
 */

/** "https://ehr.example/fhir/" -> "https://ehr.example/fhir"; undefined for anything that is not a plain base URL. */
export function normalizeBaseUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  // Credentials, queries and fragments have no place in a FHIR base and would make "exact match" ambiguous.
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return undefined;
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

/** The normalized base if fhirServer is allowed, else undefined. */
export function allowedBase(fhirServer: string, allowed: readonly string[]): string | undefined {
  const base = normalizeBaseUrl(fhirServer);
  if (!base) return undefined;
  return allowed.some((candidate) => normalizeBaseUrl(candidate) === base) ? base : undefined;
}

/**
 * Encoded dots, slashes and backslashes in a path: URL parsing leaves "..%2f" alone, but a server (or a proxy in
 * front of it) that decodes before routing would climb out of the base. No FHIR path needs them (ids are
 * [A-Za-z0-9-.]), so a link holding one is refused rather than re-encoded.
 */
const ENCODED_PATH_SEPARATOR = /%2e|%2f|%5c/i;

/**
 * The absolute URL of a `next` link if it stays on the base's origin and under its path, with no encoded dot or
 * slash in that path, else undefined. Relative links are resolved against the base.
 */
export function followableLink(link: string, base: string): string | undefined {
  let target: URL;
  let baseUrl: URL;
  try {
    baseUrl = new URL(`${base}/`);
    target = new URL(link, baseUrl);
  } catch {
    return undefined;
  }
  if (target.origin !== baseUrl.origin || target.username || target.password) return undefined;
  const basePath = baseUrl.pathname; // ends with "/"
  if (target.pathname !== basePath.slice(0, -1) && !target.pathname.startsWith(basePath)) return undefined;
  if (ENCODED_PATH_SEPARATOR.test(target.pathname)) return undefined;
  return target.href;
}
