/**
 * The `server` label of the FHIR query metrics: bounded by configuration, and no URL. A server a client registered
 * is named after that client (its `name`, else its iss; "name #2" and on for a client's further servers); every
 * other server, which only the development switch lets through (any loopback URL), is the single value "other".
 * So /metrics never lists an EHR's FHIR base URL, and no request can add a label value.
 */
import type { ClientConfig } from '../config.js';
import { normalizeBaseUrl } from '../data/fhir-server-guard.js';

export const OTHER_SERVER = 'other';

export function fhirServerLabels(clients: readonly ClientConfig[]): (base: string) => string {
  const labels = new Map<string, string>();
  for (const client of clients) {
    const name = client.name ?? client.iss;
    client.fhirServers.forEach((url, i) => {
      const base = normalizeBaseUrl(url);
      if (base !== undefined && !labels.has(base)) labels.set(base, i === 0 ? name : `${name} #${i + 1}`);
    });
  }
  return (base) => labels.get(base) ?? OTHER_SERVER;
}
