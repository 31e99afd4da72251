/**
 * Turn the raw resources of every topic (from prefetch and/or our own queries) plus the drafts into PatientFacts.
 * All resource-level normalization happens here, once, whichever way the data arrived.
 */
import type { ConditionFact, DataGap, FactSource, FactTopic, OrderFact, PatientFacts } from './facts.js';
import { normalizeCondition } from './normalize/condition.js';
import { normalizeCoverage } from './normalize/coverage.js';
import { normalizeImagingStudy } from './normalize/imaging-study.js';
import { type Normalized, normalizeAll } from './normalize/normalize-all.js';
import { orderReasonCondition } from './normalize/order-reasons.js';
import { normalizeProcedure } from './normalize/procedure.js';
import { normalizeServiceRequest } from './normalize/service-request.js';

/** Resources of one topic from one source. A topic may have two chunks: prefetched pages, then queried ones. */
export interface ResourceChunk {
  resources: unknown[];
  source: FactSource;
}

export interface AssembleInput {
  patientId: string;
  asOf: string;
  topics: Partial<Record<FactTopic, ResourceChunk[]>>;
  draftOrders: OrderFact[];
  draftConditions: ConditionFact[];
  gaps: DataGap[];
}

export interface Assembled {
  facts: PatientFacts;
  /** Resources per topic that could not be used (wrong type, no id). */
  skipped: Partial<Record<FactTopic, number>>;
}

function normalizeTopic<T>(
  chunks: ResourceChunk[] | undefined,
  normalize: (value: unknown, source: FactSource) => T | undefined,
): Normalized<T> {
  const out: Normalized<T> = { facts: [], skipped: 0 };
  for (const chunk of chunks ?? []) {
    const part = normalizeAll(chunk.resources, (value) => normalize(value, chunk.source));
    for (const fact of part.facts) out.facts.push(fact);
    out.skipped += part.skipped;
  }
  return out;
}

/** Later duplicates replace earlier ones, keeping the first position: pages can overlap when data changes mid-paging. */
function uniqueByReference<T extends { reference: string }>(facts: T[]): T[] {
  const byReference = new Map<string, T>();
  for (const fact of facts) byReference.set(fact.reference, fact);
  return [...byReference.values()];
}

export function assembleFacts(input: AssembleInput): Assembled {
  const { topics } = input;
  const conditions = normalizeTopic(topics.conditions, (value, source) => normalizeCondition(value, source));
  const procedures = normalizeTopic(topics.procedures, normalizeProcedure);
  const imagingStudies = normalizeTopic(topics.imagingStudies, normalizeImagingStudy);
  const orders = normalizeTopic(topics.serviceRequests, normalizeServiceRequest);
  const coverageResources = (topics.coverage ?? []).flatMap((chunk) => chunk.resources);

  // The drafts of this call may already be stored in the EHR; they are drafts here, not "other orders".
  const draftIds = new Set(input.draftOrders.map((order) => order.id));
  const existingOrders = uniqueByReference(orders.facts.filter((order) => !draftIds.has(order.id)));

  // Chart conditions, then what the drafts brought (a draft's Condition is the fresher copy), then order reasons.
  const reasonConditions = input.draftOrders.flatMap((order) => orderReasonCondition(order) ?? []);
  const allConditions = uniqueByReference([
    ...conditions.facts,
    ...input.draftConditions,
    ...reasonConditions,
  ]);

  const facts: PatientFacts = {
    patientId: input.patientId,
    asOf: input.asOf,
    conditions: allConditions,
    procedures: uniqueByReference(procedures.facts),
    imagingStudies: uniqueByReference(imagingStudies.facts),
    existingOrders,
    draftOrders: input.draftOrders,
    gaps: input.gaps,
  };
  const coverage = normalizeCoverage(coverageResources);
  if (coverage) facts.coverage = coverage;

  return {
    facts,
    skipped: {
      conditions: conditions.skipped,
      procedures: procedures.skipped,
      imagingStudies: imagingStudies.skipped,
      serviceRequests: orders.skipped,
    },
  };
}
