/** The discovery document (GET /cds-services): what each service is, what it prefetches and what it needs. */
import { configurationOptions } from './crd-configuration.js';
import { CRD_VERSIONS } from './crd-version.js';
import { SERVICES } from './services.js';

const USAGE_REQUIREMENTS =
  'Register your EHR with Blue Cross VT: your JWT issuer (iss), your public keys (a JWKS URL or the keys ' +
  'themselves) and your FHIR base URL(s). Every hook call must carry a signed JWT (ES384 or RS384 recommended; ' +
  'aud = the service URL). Grant read access (patient/ or user/ scopes) to Patient, Coverage, Condition, ' +
  'Procedure, ImagingStudy and ServiceRequest, or fill every prefetch key; without either the service answers 412.';

export interface DiscoveryDocument {
  services: Array<{
    hook: string;
    id: string;
    title: string;
    description: string;
    prefetch: Record<string, string>;
    usageRequirements: string;
    extension: Record<string, unknown>;
  }>;
}

export function buildDiscovery(
  prefetch: Readonly<Record<string, string>>,
  cardTopics: readonly string[],
): DiscoveryDocument {
  return {
    services: SERVICES.map((service) => ({
      hook: service.hook,
      id: service.id,
      title: service.title,
      description: service.description,
      prefetch: { ...prefetch },
      usageRequirements: USAGE_REQUIREMENTS,
      extension: {
        'davinci-crd.version': [...CRD_VERSIONS],
        'davinci-crd.configuration-options': configurationOptions(cardTopics),
      },
    })),
  };
}
