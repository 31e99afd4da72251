/**
 * The CDS services this server offers: one per hook, both applying policy 6.01.VT204. The ids are part of
 * the EHR's registration (the URL it calls and the JWT `aud`), so they must not change between versions.
 */
export type HookName = 'order-select' | 'order-sign';

export interface ServiceDefinition {
  id: string;
  hook: HookName;
  title: string;
  description: string;
}

export const SERVICES: readonly ServiceDefinition[] = [
  {
    id: 'spect-spine-order-select',
    hook: 'order-select',
    title: 'Blue Cross VT: SPECT/CT of the spine (policy 6.01.VT204), early advice',
    description:
      'When a spine SPECT or SPECT/CT (CPT 78803, 78830-78832) is selected, checks the order against Blue Cross VT ' +
      'medical policy 6.01.VT204 and gives early coverage advice (prior approval, missing prior imaging, simultaneous ' +
      'advanced imaging, investigational use).',
  },
  {
    id: 'spect-spine-order-sign',
    hook: 'order-sign',
    title: 'Blue Cross VT: SPECT/CT of the spine (policy 6.01.VT204), coverage at signing',
    description:
      'At signing, evaluates each spine SPECT or SPECT/CT order (CPT 78803, 78830-78832) against Blue Cross VT medical ' +
      'policy 6.01.VT204 and returns cards plus Da Vinci CRD coverage information for the order.',
  },
];

export function findService(id: string): ServiceDefinition | undefined {
  return SERVICES.find((service) => service.id === id);
}

/** The URL an EHR calls for a service; also the `aud` its JWT must carry. */
export function serviceUrl(baseUrl: string, serviceId: string): string {
  return `${baseUrl}/cds-services/${serviceId}`;
}

export function feedbackUrl(baseUrl: string, serviceId: string): string {
  return `${serviceUrl(baseUrl, serviceId)}/feedback`;
}
