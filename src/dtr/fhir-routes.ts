/**
 * The DTR payer endpoint: a small FHIR R4 API under `${baseUrl}/fhir` (docs/dtr.md):
 *   GET  /fhir/metadata                                   CapabilityStatement (open, as FHIR servers answer it)
 *   POST /fhir/Questionnaire/$questionnaire-package       the DTR operation (authenticated, audited)
 *   GET  /fhir/Questionnaire/:id, /fhir/ValueSet/:id      the questionnaire and its answer lists (authenticated)
 *   POST /fhir/QuestionnaireResponse/$prior-approval-determination   the decision from the answers (authenticated)
 *   GET  /fhir/OperationDefinition/prior-approval-determination     its definition (open, as metadata)
 * Callers authenticate as on hook calls: a bearer JWT from a registered client, verified by the same verifier and
 * client registry (src/protocol/auth), with `aud` this FHIR base or the operation's URL. Every package request is
 * audited with the coverage-assertion-id (`context`) it serves, whatever its answer.
 */
import { randomUUID } from 'node:crypto';
import { type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { CompiledPolicy } from '../policy/index.js';
import type { Caller } from '../protocol/auth/caller.js';
import type { JwtVerifier } from '../protocol/auth/jwt-verifier.js';
import { requireCaller } from '../protocol/auth/require-caller.js';
import { HttpError } from '../protocol/http-error.js';
import { jsonBody } from '../protocol/json-body.js';
import { capabilityStatement } from './capability-statement.js';
import {
  DETERMINATION_OPERATION,
  determinationOperationDefinition,
  priorApprovalDetermination,
} from './determination-operation.js';
import {
  contextOf,
  PackageInputError,
  type PackageRequest,
  questionnairePackage,
  readPackageRequest,
} from './package.js';
import type { PackageAuditLog, PackageRequestRecord } from './package-audit.js';
import { questionPlanOf } from './policy-questions.js';
import { buildQuestionnaire } from './questionnaire.js';
import { valueSetResource } from './value-sets.js';

export const FHIR_PATH = '/fhir';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export interface DtrRouterDeps {
  baseUrl: string;
  insurerName: string;
  policy: CompiledPolicy;
  verifier: JwtVerifier;
  allowUnsignedLoopback: boolean;
  audit: PackageAuditLog;
  logger: Logger;
  now: () => Date;
  /** The per-client rate limit of the hook endpoints, run right after authentication; none: unlimited. */
  rateLimit?: RequestHandler;
}

/** The FHIR base the questionnaire's canonical URLs are under. */
export function fhirBaseOf(baseUrl: string): string {
  return `${baseUrl}${FHIR_PATH}`;
}

function patientIdOf(request: PackageRequest): string | undefined {
  const ref = request.coverage.beneficiary?.reference;
  return ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
}

function idRef(resource: { resourceType: string; id?: string }): string | undefined {
  return resource.id ? `${resource.resourceType}/${resource.id}` : undefined;
}

export function createDtrRouter(deps: DtrRouterDeps): Router {
  const fhirBase = fhirBaseOf(deps.baseUrl);
  const plan = questionPlanOf(deps.policy);
  const generated = buildQuestionnaire(plan, {
    fhirBase,
    publisher: deps.insurerName,
  });
  const changedAt = new Date(`${deps.policy.effectiveDate}T00:00:00Z`);
  const operationUrl = `${fhirBase}/Questionnaire/$questionnaire-package`;
  const rateLimit: RequestHandler = deps.rateLimit ?? ((_req, _res, next) => next());
  const caller = requireCaller(
    {
      verifier: deps.verifier,
      allowUnsignedLoopback: deps.allowUnsignedLoopback,
      logger: deps.logger,
      audiences: () => [fhirBase, operationUrl],
    },
    false,
  );
  const authenticated = [caller, rateLimit] as const;
  const send = (res: Parameters<RequestHandler>[1], status: number, body: object) => {
    res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
  };
  const router = Router();

  router.get(`${FHIR_PATH}/metadata`, (_req, res) => {
    send(
      res,
      200,
      capabilityStatement({ fhirBase, publisher: deps.insurerName, date: deps.policy.effectiveDate }),
    );
  });

  router.get(`${FHIR_PATH}/OperationDefinition/${DETERMINATION_OPERATION}`, (_req, res) => {
    send(res, 200, determinationOperationDefinition(fhirBase, deps.policy.version));
  });

  router.post(
    `${FHIR_PATH}/Questionnaire/$questionnaire-package`,
    ...authenticated,
    jsonBody(),
    async (req, res) => {
      const { iss } = res.locals.caller as Caller;
      const receivedAt = deps.now();
      const record: PackageRequestRecord = {
        receivedAt,
        clientIss: iss,
        orders: [],
        requested: [],
        returned: [],
        httpStatus: 200,
      };
      const context = contextOf(req.body);
      if (context !== undefined) record.coverageAssertionId = context.slice(0, 256);
      let answer: ReturnType<typeof questionnairePackage> | undefined;
      let failure: HttpError | undefined;
      try {
        const request = readPackageRequest(req.body);
        Object.assign(record, {
          ...(patientIdOf(request) ? { patientId: patientIdOf(request) } : {}),
          ...(idRef(request.coverage) ? { coverage: idRef(request.coverage) } : {}),
          orders: request.orders.map(idRef).filter((r): r is string => r !== undefined),
          requested: request.questionnaires.map((q) => q.slice(0, 512)),
        });
        answer = questionnairePackage(request, {
          policy: deps.policy,
          generated,
          fhirBase,
          publisher: deps.insurerName,
          changedAt,
          now: receivedAt,
          newId: randomUUID,
        });
        record.returned = answer.returned;
      } catch (error) {
        if (!(error instanceof PackageInputError)) throw error;
        failure = HttpError.outcome(400, 'invalid', error.message);
        record.httpStatus = 400;
      }
      // The answer leaves only once its audit record is written.
      await deps.audit.recordPackageRequest(record);
      if (failure) throw failure;
      send(res, 200, answer!.parameters);
    },
  );

  router.post(
    `${FHIR_PATH}/QuestionnaireResponse/$prior-approval-determination`,
    ...authenticated,
    jsonBody(),
    (req, res) => {
      try {
        const answer = priorApprovalDetermination(req.body, {
          policy: deps.policy,
          plan,
          now: deps.now(),
        });
        send(res, 200, answer);
      } catch (error) {
        if (error instanceof PackageInputError) throw HttpError.outcome(400, 'invalid', error.message);
        throw error;
      }
    },
  );

  router.get(`${FHIR_PATH}/Questionnaire/:id`, ...authenticated, (req, res) => {
    if (req.params.id !== generated.questionnaire.id)
      throw HttpError.outcome(404, 'not-found', `no Questionnaire with id "${String(req.params.id)}"`);
    send(res, 200, generated.questionnaire);
  });

  router.get(`${FHIR_PATH}/ValueSet/:id`, ...authenticated, (req, res) => {
    const vs = generated.valueSets.find((v) => v.id === req.params.id);
    if (!vs) throw HttpError.outcome(404, 'not-found', `no ValueSet with id "${String(req.params.id)}"`);
    send(
      res,
      200,
      valueSetResource(vs, {
        fhirBase,
        version: deps.policy.version,
        publisher: deps.insurerName,
        timestamp: deps.now().toISOString(),
      }),
    );
  });
  return router;
}
