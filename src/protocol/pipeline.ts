/**
 * What one hook call needs from the layers below, as the protocol layer sees it. The composition root
 * (src/app/pipeline.ts) binds the real data, policy and cards functions, with the compiled policy and card texts,
 * to this shape; the protocol layer itself never imports policy data or card texts.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { ConditionFact, CoverageFact, OrderFact, PatientFacts } from '../data/facts.js';
import type { FhirQueryObserver } from '../data/query-observer.js';
import type { Determination } from '../policy/determination.js';

export interface FactsRequest {
  patientId: string;
  asOf: string;
  prefetch?: Record<string, unknown>;
  fhirServer?: string;
  accessToken?: string;
  draftOrders: OrderFact[];
  /** Conditions sent along in draftOrders (some EHRs include the order's diagnoses there). */
  draftConditions?: ConditionFact[];
  /** Only these FHIR bases may be contacted (the caller's registered servers): the SSRF guard. */
  allowedFhirServers: string[];
  budgetMs: number;
  maxPages: number;
  signal?: AbortSignal;
  /** Told of each FHIR request's latency and failure; the composition root sets it for metrics. */
  observeQuery?: FhirQueryObserver;
  /** Scopes reuse of recently fetched FHIR data to this caller; absent: nothing is reused. */
  clientId?: string;
}

export interface ResponseContext {
  hook: 'order-select' | 'order-sign';
  coverage?: CoverageFact;
  draftResources: Map<string, ServiceRequest>;
  date: string;
  newId: () => string;
}

/** A card as far as the protocol layer looks into it (CRD configuration filters on source.topic.code). */
export interface CardLike {
  source?: { topic?: { code?: string } };
  [key: string]: unknown;
}

export interface CdsResponse {
  cards: CardLike[];
  systemActions?: unknown[];
}

export interface HookPipeline {
  normalizeDraftOrders(bundle: unknown): OrderFact[];
  normalizeDraftConditions(bundle: unknown): ConditionFact[];
  /** order-sign: selections undefined (every draft); order-select: the selected references. */
  selectOrdersInScope(drafts: OrderFact[], selections: string[] | undefined): OrderFact[];
  gatherFacts(request: FactsRequest): Promise<PatientFacts>;
  evaluateOrder(facts: PatientFacts, order: OrderFact): Determination;
  renderResponse(determinations: Determination[], context: ResponseContext): CdsResponse;
  /** True for the data layer's "no prefetch and the FHIR server cannot be reached" error (answered 412). */
  isPrefetchUnavailable(error: unknown): boolean;
}
