/**
 * What one hook call needs from the layers below, as the protocol layer sees it. The composition root
 * (src/app/pipeline.ts) binds the real data, policy and cards functions, with the compiled policy and card texts,
 * to this shape; the protocol layer itself never imports policy data or card texts.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { CrdVersion } from '../cards/context.js';
import type { ConditionFact, CoverageFact, OrderFact, PatientFacts } from '../data/facts.js';
import type { GatherRequest } from '../data/gather.js';
import type { OrganizationReading, OrganizationReadRequest } from '../data/payor-organization.js';
import type { Determination } from '../policy/determination.js';

/**
 * What the protocol layer asks of the data layer for one call: the data layer's own request, minus the shared
 * machinery (fact cache, circuit breakers) that the composition root binds once for every call.
 */
export type FactsRequest = Omit<GatherRequest, 'factCache' | 'factCacheSecret' | 'circuits' | 'templates'>;

export interface ResponseContext {
  hook: 'order-select' | 'order-sign';
  /** The Da Vinci CRD version the answer is written in (davinci-crd.requestedVersion). */
  crdVersion: CrdVersion;
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
  /** Reads the Organization a Coverage.payor refers to, for its identifiers (payer identity, CRD hook-13). */
  readPayorOrganization(request: OrganizationReadRequest): Promise<OrganizationReading>;
  /** True for the data layer's "no prefetch and the FHIR server cannot be reached" error (answered 412). */
  isPrefetchUnavailable(error: unknown): boolean;
}
