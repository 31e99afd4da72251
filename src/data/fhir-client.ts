/**
 * The FHIR client for one gather: fhir-kit-client's Client for one EHR base URL and access token, sending its
 * requests through the node:http transport (src/data/fhir-http-transport.ts) instead of fetch. fhir-kit-client
 * exposes `httpClient` for exactly this kind of replacement; the transport implements the part of its contract this
 * service uses (GET through `request`, errors with `response.status`).
 */
import { Client } from 'fhir-kit-client';
import { FhirHttpTransport, type TransportOptions } from './fhir-http-transport.js';

export function createFhirClient(options: TransportOptions): Client {
  const client = new Client({ baseUrl: options.baseUrl });
  const transport = new FhirHttpTransport(options);
  // Declared readonly in the typings, but a plain field at run time, set once here before any request is made.
  (client as unknown as { httpClient: FhirHttpTransport }).httpClient = transport;
  return client;
}
