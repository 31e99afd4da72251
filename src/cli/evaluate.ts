/**
 * `evaluate`: one hook request (the JSON an EHR would POST) through the same pipeline the service runs, without a
 * server or a JWT. The policy team uses it to see what the policy does to an order.
 *
 * The request is validated with the service's own schemas. Facts come from its prefetch; a FHIR server is queried
 * only if it is on this machine (the rule for unsigned development calls), so the CLI never reaches a host the
 * configuration does not allow.
 */

import { createPipeline } from '../app/pipeline.js';
import type { CardTexts } from '../cards/index.js';
import type { ServiceConfig } from '../config.js';
import type { Determination } from '../policy/determination.js';
import type { CompiledPolicy } from '../policy/index.js';
import type { Caller } from '../protocol/auth/caller.js';
import { handleHookCall } from '../protocol/hook-handler.js';
import { HttpError } from '../protocol/http-error.js';
import type { CdsResponse } from '../protocol/pipeline.js';
import { orderSelectRequestSchema, orderSignRequestSchema } from '../protocol/schemas/hook-request.js';
import { SERVICES } from '../protocol/services.js';
import { parseOrThrow } from '../protocol/validation.js';
import { CliError } from './cli-error.js';

export interface EvaluateDeps {
  config: ServiceConfig;
  policy: CompiledPolicy;
  cardTexts: CardTexts;
  now?: Date;
}

export interface Evaluation {
  hook: 'order-select' | 'order-sign';
  determinations: Determination[];
  response: CdsResponse;
}

const LOCAL_CALLER: Caller = { kind: 'unsigned-loopback', iss: 'unsigned-loopback' };

/** An HttpError's OperationOutcome as lines a person reads. */
function problemsOf(error: HttpError): string {
  const issues = (error.body as { issue?: Array<{ diagnostics?: string }> }).issue ?? [];
  const lines = issues.map((issue) => `  - ${issue.diagnostics ?? 'invalid'}`);
  return lines.length > 0 ? lines.join('\n') : `  - ${error.message}`;
}

export async function evaluateHookRequest(body: unknown, deps: EvaluateDeps): Promise<Evaluation> {
  const hook = (body as { hook?: unknown } | null)?.hook;
  if (hook !== 'order-select' && hook !== 'order-sign') {
    throw new CliError('the request\'s "hook" must be "order-select" or "order-sign"');
  }
  const service = SERVICES.find((candidate) => candidate.hook === hook)!;
  const determinations: Determination[] = [];
  const pipeline = createPipeline(deps.config, deps.policy, deps.cardTexts);
  const evaluateOrder = pipeline.evaluateOrder;
  pipeline.evaluateOrder = (facts, order) => {
    const determination = evaluateOrder(facts, order);
    determinations.push(determination);
    return determination;
  };
  try {
    const request = parseOrThrow(
      hook === 'order-select' ? orderSelectRequestSchema : orderSignRequestSchema,
      body,
    );
    const response = await handleHookCall(
      { service, request, caller: LOCAL_CALLER, now: deps.now ?? new Date() },
      pipeline,
      deps.config,
    );
    return { hook, determinations, response };
  } catch (error) {
    if (error instanceof HttpError) {
      throw new CliError(`the service would answer HTTP ${error.status}:\n${problemsOf(error)}`);
    }
    throw error;
  }
}
