/**
 * GET /fhir/metadata: what this DTR payer endpoint serves, after the DTR 2.1 payer-service CapabilityStatement:
 * the $questionnaire-package operation on Questionnaire, reads of the Questionnaire and the ValueSets its package
 * holds, JSON only, bearer JWTs from registered clients.
 */
import type { CapabilityStatement } from 'fhir/r4.js';
import { DETERMINATION_OPERATION, determinationOperationUrl } from './determination-operation.js';
import { QUESTIONNAIRE_PACKAGE_OPERATION } from './package.js';
import { DTR_STD_QUESTIONNAIRE } from './questionnaire.js';

export function capabilityStatement(options: {
  fhirBase: string;
  publisher: string;
  date: string;
}): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date,
    publisher: options.publisher,
    kind: 'instance',
    instantiates: ['http://hl7.org/fhir/us/davinci-dtr/CapabilityStatement/dtr-payer-service|2.1.0'],
    software: { name: 'spect-spine-cds' },
    implementation: {
      description: 'DTR payer endpoint of the SPECT/CT spine CDS service',
      url: options.fhirBase,
    },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Bearer JWT signed by a registered client (the same registry and verification as the CDS Hooks calls), aud = this FHIR base.',
        },
        resource: [
          {
            type: 'Questionnaire',
            supportedProfile: [DTR_STD_QUESTIONNAIRE],
            interaction: [{ code: 'read' }],
            operation: [{ name: 'questionnaire-package', definition: QUESTIONNAIRE_PACKAGE_OPERATION }],
          },
          {
            type: 'QuestionnaireResponse',
            operation: [
              { name: DETERMINATION_OPERATION, definition: determinationOperationUrl(options.fhirBase) },
            ],
          },
          { type: 'ValueSet', interaction: [{ code: 'read' }] },
        ],
      },
    ],
  };
}
