/**
 * POST /fhir/QuestionnaireResponse/$prior-approval-determination (this service's own operation, issue 14 item 6):
 * Parameters in with the completed `questionnaireResponse` and the `order`(s) it documents; Parameters out with the
 * determination the policy engine reaches from them alone: `outcome`, each `criterion` met and each `finding` (code,
 * message, policy bullet). The first order under the policy is the one decided; the others are the orders placed
 * with it (simultaneous imaging).
 */
import type { Parameters, QuestionnaireResponse } from 'fhir/r4.js';
import { normalizeDraftOrders } from '../data/normalize/draft-orders.js';
import { type CompiledPolicy, selectOrdersInScope } from '../policy/index.js';
import { determinationFromAnswers } from './answers.js';
import { PackageInputError, packageParametersSchema } from './package.js';
import type { QuestionPlan } from './policy-questions.js';

export function priorApprovalDetermination(
  body: unknown,
  deps: { policy: CompiledPolicy; plan: QuestionPlan; now: Date; simultaneousWindowDays: number },
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
    simultaneousWindowDays: deps.simultaneousWindowDays,
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
