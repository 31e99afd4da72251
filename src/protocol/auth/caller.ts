/**
 * Who is calling: a verified EHR client, or (development only) an unsigned call from this machine.
 * The data layer's FHIR allowlist follows from it.
 */
import type { VerifiedClient } from './jwt-verifier.js';

export interface UnsignedLoopbackCaller {
  kind: 'unsigned-loopback';
  iss: 'unsigned-loopback';
}

export type Caller = VerifiedClient | UnsignedLoopbackCaller;

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || isLoopbackAddress(host);
  } catch {
    return false;
  }
}

/**
 * FHIR servers the service may contact for this caller. A registered client: exactly its registered fhirServers.
 * An unsigned loopback caller: only a FHIR server on this machine, so the dev switch cannot be used to reach
 * anything the developer could not reach already.
 */
export function allowedFhirServers(caller: Caller, fhirServer: string | undefined): string[] {
  if (caller.kind === 'client') return [...caller.client.fhirServers];
  return fhirServer && isLoopbackUrl(fhirServer) ? [fhirServer] : [];
}

/**
 * The scope of the fact cache for this caller: a verified client (and its tenant, when it sends one), so cached
 * FHIR answers are only ever reused for the client whose token fetched them. Unsigned development calls get none.
 */
export function factCacheScope(caller: Caller): string | undefined {
  if (caller.kind !== 'client') return undefined;
  return caller.tenant === undefined ? caller.iss : `${caller.iss} tenant=${caller.tenant}`;
}
