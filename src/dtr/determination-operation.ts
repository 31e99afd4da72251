/**
 * POST /fhir/QuestionnaireResponse/$prior-approval-determination (this service's own operation, issue 14 item 6):
 * Parameters in with the completed `questionnaireResponse` and the `order`(s) it documents; Parameters out with the
 * determination the policy engine reaches from them alone: `outcome`, each `criterion` met and each `finding` (code,
 * message, policy bullet). The first order under the policy is the one decided; the others are the orders placed
 * with it (simultaneous imaging).
 */
import type { OperationDefinition, Parameters, QuestionnaireResponse } from 'fhir/r4.js';
import { normalizeDraftOrders } from '../data/normalize/draft-orders.js';
import { type CompiledPolicy, selectOrdersInScope } from '../policy/index.js';
import { determinationFromAnswers } from './answers.js';
import { PackageInputError, packageParametersSchema } from './package.js';
import type { QuestionPlan } from './policy-questions.js';

export const DETERMINATION_OPERATION = 'prior-approval-determination';

export function determinationOperationUrl(fhirBase: string): string {
  return `${fhirBase}/OperationDefinition/${DETERMINATION_OPERATION}`;
}

/** The operation's definition, served at its canonical URL and named by the CapabilityStatement. */
export function determinationOperationDefinition(fhirBase: string, version: string): OperationDefinition {
  return {
    resourceType: 'OperationDefinition',
    id: DETERMINATION_OPERATION,
    url: determinationOperationUrl(fhirBase),
    version,
    name: 'PriorApprovalDetermination',
    title: 'The determination of the medical policy from a completed QuestionnaireResponse and its order',
    status: 'active',
    kind: 'operation',
    code: DETERMINATION_OPERATION,
    resource: ['QuestionnaireResponse'],
    system: false,
    type: true,
    instance: false,
    parameter: [
      { name: 'questionnaireResponse', use: 'in', min: 1, max: '1', type: 'QuestionnaireResponse' },
      {
        name: 'order',
        use: 'in',
        min: 1,
        max: '*',
        type: 'ServiceRequest',
        documentation: 'The first SPECT order of the spine is decided; the others are orders placed with it.',
      },
      {
        name: 'outcome',
        use: 'out',
        min: 1,
        max: '1',
        type: 'code',
        documentation: 'meets-criteria | needs-documentation | investigational | not-medically-necessary',
      },
      {
        name: 'criterion',
        use: 'out',
        min: 0,
        max: '*',
        type: 'code',
        documentation: 'Each indication met.',
      },
      {
        name: 'finding',
        use: 'out',
        min: 0,
        max: '*',
        documentation: 'What is missing or what decided the outcome.',
        part: [
          { name: 'code', use: 'out', min: 1, max: '1', type: 'code' },
          { name: 'message', use: 'out', min: 1, max: '1', type: 'string' },
          { name: 'bullet', use: 'out', min: 1, max: '1', type: 'string' },
        ],
      },
    ],
  };
}

export function priorApprovalDetermination(
  body: unknown,
  deps: { policy: CompiledPolicy; plan: QuestionPlan; now: Date },
): Parameters {
  const parsed = packageParametersSchema.safeParse(body);
  if (!parsed.success) throw new PackageInputError('the body must be a Parameters resource');
  const responses = parsed.data.parameter.filter((p) => p.name === 'questionnaireResponse');
  const response = responses[0]?.resource as QuestionnaireResponse | undefined;
  if (responses.length !== 1 || response?.resourceType !== 'QuestionnaireResponse')
    throw new PackageInputError(
      'parameter "questionnaireResponse": exactly one QuestionnaireResponse is required',
    );
  const bundle = {
    resourceType: 'Bundle',
    entry: parsed.data.parameter.filter((p) => p.name === 'order').map((p) => ({ resource: p.resource })),
  };
  const orders = normalizeDraftOrders(bundle);
  const [order] = selectOrdersInScope(orders, undefined, deps.policy);
  if (!order) throw new PackageInputError('parameter "order": no SPECT or SPECT/CT order of the spine');
  const subject = response.subject?.reference ?? '';
  const determination = determinationFromAnswers({
    order,
    response,
    plan: deps.plan,
    policy: deps.policy,
    asOf: deps.now.toISOString(),
    patientId: subject.startsWith('Patient/') ? subject.slice('Patient/'.length) : subject,
    otherOrders: orders.filter((o) => o !== order),
  });
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'outcome', valueCode: determination.outcome },
      ...determination.criteriaMet.map((criterion) => ({ name: 'criterion', valueCode: criterion })),
      ...determination.findings.map((f) => ({
        name: 'finding',
        part: [
          { name: 'code', valueCode: f.code },
          { name: 'message', valueString: f.message },
          { name: 'bullet', valueString: f.bullet },
        ],
      })),
    ],
  };
}
