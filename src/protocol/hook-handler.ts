/**
 * One hook call, start to finish, once the caller is authenticated and the body validated:
 * draft orders -> the spine SPECT orders in scope -> patient facts -> one Determination per order -> cards.
 * No order in scope answers at once with no cards and no FHIR traffic.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServiceRequest } from 'fhir/r4.js';
import { cardKindsOf } from '../cards/card-kind.js';
import type { ServiceConfig } from '../config.js';
import { allowedBase } from '../data/fhir-server-guard.js';
import { anotherPatientField } from '../data/patient-reference.js';
import { type HookTrace, summarizeDetermination } from './audit/hook-call-record.js';
import { allowedFhirServers, type Caller, factCacheScope } from './auth/caller.js';
import { applyConfiguration, requestedConfiguration } from './crd-configuration.js';
import { requestedCrdVersion } from './crd-version.js';
import { HttpError } from './http-error.js';
import { operationOutcome } from './operation-outcome.js';
import { memberCoverage } from './payer-coverage.js';
import type { CdsResponse, HookPipeline } from './pipeline.js';
import type { HookRequest } from './schemas/hook-request.js';
import { type DraftEntry, matchSelections } from './selections.js';
import type { ServiceDefinition } from './services.js';

export interface HookCall {
  service: ServiceDefinition;
  request: HookRequest;
  caller: Caller;
  now: Date;
  /** Aborted when the EHR hangs up, so pending FHIR queries stop. */
  signal?: AbortSignal;
  /** Filled on the way with what the audit record needs (patient, orders, determinations, timing). */
  trace?: HookTrace;
  /** Told of what the service noticed about the request but answered anyway (ids only, never patient data). */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

/** The drafts as order-select selections may name them: type, id and entry fullUrl. */
function draftEntries(bundle: HookRequest['context']['draftOrders']): DraftEntry[] {
  const entries: DraftEntry[] = [];
  for (const entry of bundle.entry ?? []) {
    const { resourceType, id } = entry.resource;
    const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
    if (id) entries.push(fullUrl ? { resourceType, id, fullUrl } : { resourceType, id });
  }
  return entries;
}

/** "ServiceRequest/<id>" -> the draft as sent, for suggestions that update or replace it. */
function draftServiceRequests(bundle: HookRequest['context']['draftOrders']): Map<string, ServiceRequest> {
  const drafts = new Map<string, ServiceRequest>();
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (resource.resourceType === 'ServiceRequest' && resource.id) {
      drafts.set(`ServiceRequest/${resource.id}`, resource as unknown as ServiceRequest);
    }
  }
  return drafts;
}

/** A fhirServer registered for this caller and a token for it: the service can ask the EHR itself. */
function canQueryFhir(request: HookRequest, caller: Caller): boolean {
  const server = request.fhirServer;
  if (!server || !request.fhirAuthorization?.access_token) return false;
  return allowedBase(server, allowedFhirServers(caller, server)) !== undefined;
}

/** A draft order (or Condition sent with it) for anybody but context.patientId is a bad request, never evaluated. */
function refuseDraftsOfAnotherPatient(
  bundle: HookRequest['context']['draftOrders'],
  patientId: string,
): void {
  (bundle.entry ?? []).forEach((entry, i) => {
    const field = anotherPatientField(entry.resource, patientId);
    if (field === undefined) return;
    const expression = `context.draftOrders.entry[${i}].resource.${field}`;
    throw new HttpError(
      400,
      operationOutcome([
        {
          code: 'invalid',
          diagnostics: `${expression}: names a patient other than context.patientId`,
          expression,
        },
      ]),
      'draft order for another patient',
    );
  });
}

export async function handleHookCall(
  call: HookCall,
  pipeline: HookPipeline,
  config: ServiceConfig,
): Promise<CdsResponse> {
  const { request, service } = call;
  const context = request.context;
  const crdVersion = requestedCrdVersion(request.extension);
  refuseDraftsOfAnotherPatient(context.draftOrders, context.patientId);
  const drafts = pipeline.normalizeDraftOrders(context.draftOrders);
  const trace = call.trace ?? {};
  trace.patientId = context.patientId;
  trace.orderIds = drafts.map((draft) => draft.reference);
  // order-select advises on the selected drafts only; a selection naming no draft is reported, never guessed at.
  const selections =
    service.hook === 'order-select' && 'selections' in context
      ? matchSelections(context.selections as string[], draftEntries(context.draftOrders))
      : undefined;
  if (selections?.unmatched.length) {
    call.warn?.('order-select selections name no draft order; they get no card', {
      unmatchedSelections: selections.unmatched.slice(0, 10).map((selection) => selection.slice(0, 200)),
      draftOrders: trace.orderIds.slice(0, 10),
    });
  }
  const inScope = pipeline.selectOrdersInScope(drafts, selections?.references);
  if (inScope.length === 0) return { cards: [] };
  // Each order costs an evaluation against every other draft, and cards: bounds keep one call from holding the event
  // loop for seconds (50 orders against 4,000 other drafts took 2.4 s and a 74 MB answer).
  if (inScope.length > config.maxOrdersPerCall) {
    throw HttpError.outcome(
      400,
      'too-long',
      `context.draftOrders: ${inScope.length} spine SPECT/CT orders in one call; this service evaluates at most ${config.maxOrdersPerCall} per call`,
    );
  }
  if (drafts.length > config.maxDraftOrdersPerCall) {
    throw HttpError.outcome(
      400,
      'too-long',
      `context.draftOrders: ${drafts.length} draft orders with a spine SPECT/CT order among them; this service reads at most ${config.maxDraftOrdersPerCall} per call`,
    );
  }

  let facts: Awaited<ReturnType<HookPipeline['gatherFacts']>>;
  const gatherStarted = performance.now();
  try {
    facts = await pipeline.gatherFacts({
      patientId: context.patientId,
      asOf: call.now.toISOString(),
      prefetch: request.prefetch,
      fhirServer: request.fhirServer,
      accessToken: request.fhirAuthorization?.access_token,
      draftOrders: drafts,
      draftConditions: pipeline.normalizeDraftConditions(context.draftOrders),
      allowedFhirServers: allowedFhirServers(call.caller, request.fhirServer),
      budgetMs: config.fhirTimeoutMs,
      maxPages: config.maxPages,
      signal: call.signal,
      clientId: factCacheScope(call.caller),
    });
  } catch (error) {
    if (pipeline.isPrefetchUnavailable(error)) {
      // The data layer's message names the missing keys and why they cannot be queried (no URL, token or patient data).
      const why = error instanceof Error ? error.message : 'Prefetch data is missing and cannot be queried';
      throw HttpError.outcome(
        412,
        'incomplete',
        `${why}. Send the advertised prefetch or a registered fhirServer.`,
      );
    }
    throw error;
  } finally {
    trace.gatherMs = performance.now() - gatherStarted;
  }

  const coverage = await memberCoverage({
    coverage: facts.coverage,
    coverageGap: facts.gaps.find((gap) => gap.topic === 'coverage'),
    canQuery: canQueryFhir(request, call.caller),
    payer: config.payer,
    insurerName: config.insurerName,
    payerOrganizations: call.caller.kind === 'client' ? (call.caller.client.payerOrganizations ?? []) : [],
    fhirServer: request.fhirServer,
    readOrganization: (reference) =>
      pipeline.readPayorOrganization({
        reference,
        fhirServer: request.fhirServer,
        accessToken: request.fhirAuthorization?.access_token,
        allowedFhirServers: allowedFhirServers(call.caller, request.fhirServer),
        // What the gather left of the call's FHIR budget, and never less than a quarter second for one read.
        budgetMs: Math.max(250, config.fhirTimeoutMs - (trace.gatherMs ?? 0)),
        signal: call.signal,
      }),
  });

  const determinations = inScope.map((order) => pipeline.evaluateOrder(facts, order));
  trace.determinations = determinations.map(summarizeDetermination);
  const response = pipeline.renderResponse(determinations, {
    hook: service.hook,
    crdVersion,
    coverage,
    draftResources: draftServiceRequests(context.draftOrders),
    date: call.now.toISOString().slice(0, 10),
    newId: randomUUID,
  });
  // Before the EHR's configuration drops cards: only the rendered layout tells a finding card's finding.
  trace.cardKinds = cardKindsOf(response);
  return applyConfiguration(response, requestedConfiguration(request.extension));
}
