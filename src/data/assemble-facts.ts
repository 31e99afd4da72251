/**
 * Turn the raw resources of every topic (from prefetch and/or our own queries) plus the drafts into PatientFacts.
 * All resource-level normalization happens here, once, whichever way the data arrived.
 */
import type { ConditionFact, DataGap, FactSource, FactTopic, OrderFact, PatientFacts } from './facts.js';
import { normalizeCondition } from './normalize/condition.js';
import { normalizeCoverage } from './normalize/coverage.js';
import { asObject, asString } from './normalize/fhir-values.js';
import { normalizeImagingStudy } from './normalize/imaging-study.js';
import { orderReasonCondition } from './normalize/order-reasons.js';
import { normalizeProcedure } from './normalize/procedure.js';
import { normalizeServiceRequest } from './normalize/service-request.js';
import { namesAnotherPatient } from './patient-reference.js';
import { TOPIC_RESOURCE_TYPE } from './prefetch-templates.js';

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

/**
 * The facts of one topic, each resource once. A later copy of a resource replaces the earlier one but keeps its
 * position: pages can overlap when data changes mid-paging. Every fact of a topic is cited as "<Type>/<id>", so the
 * resource id (a string JSON.parse already made) is the key: no reference string of a 5,000-Condition chart has to
 * be built into a flat string and hashed.
 */
interface TopicFacts<T> {
  facts: T[];
  /** Resource id -> position in facts. */
  positionById: Map<string, number>;
  /** Entries that were not of the expected type or could not be cited; skipped rather than misread. */
  skipped: number;
}

function normalizeTopic<T extends { reference: string }>(
  chunks: ResourceChunk[] | undefined,
  normalize: (value: unknown, source: FactSource) => T | undefined,
): TopicFacts<T> {
  const out: TopicFacts<T> = { facts: [], positionById: new Map(), skipped: 0 };
  for (const chunk of chunks ?? []) {
    for (const value of chunk.resources) {
      const fact = normalize(value, chunk.source);
      if (fact === undefined) {
        out.skipped++;
        continue;
      }
      // The normalizers keep only resources with an id; the reference is a fallback that cannot occur.
      const id = asString(asObject(value)?.id) ?? fact.reference;
      const at = out.positionById.get(id);
      if (at === undefined) {
        out.positionById.set(id, out.facts.length);
        out.facts.push(fact);
      } else {
        out.facts[at] = fact;
      }
    }
  }
  return out;
}

/**
 * The chart's Conditions plus the few that came with the drafts, each reference once (a draft's copy replaces the
 * chart's, keeping its position). Only a "Condition/<id>" reference can name a chart Condition.
 */
function withExtraConditions(
  chart: TopicFacts<ConditionFact>,
  extras: readonly ConditionFact[],
): ConditionFact[] {
  const facts = chart.facts;
  const others = new Map<string, number>();
  for (const extra of extras) {
    const ref = extra.reference;
    const at =
      (ref.startsWith(CONDITION_PREFIX)
        ? chart.positionById.get(ref.slice(CONDITION_PREFIX.length))
        : undefined) ?? others.get(ref);
    if (at !== undefined) {
      facts[at] = extra;
    } else {
      others.set(ref, facts.length);
      facts.push(extra);
    }
  }
  return facts;
}

const CONDITION_PREFIX = 'Condition/';

/**
 * Every topic's chunks without the resources that name another patient, and one DataGap per topic that had any
 * (the card lists it under what could not be checked). The message counts them and names no patient.
 */
function thisPatientsOnly(
  topics: AssembleInput['topics'],
  patientId: string,
  gaps: DataGap[],
): AssembleInput['topics'] {
  const kept: AssembleInput['topics'] = {};
  for (const [topic, chunks] of Object.entries(topics) as [FactTopic, ResourceChunk[]][]) {
    let dropped = 0;
    kept[topic] = chunks.map((chunk) => {
      const resources = chunk.resources.filter((resource) => !namesAnotherPatient(resource, patientId));
      dropped += chunk.resources.length - resources.length;
      return resources.length === chunk.resources.length ? chunk : { ...chunk, resources };
    });
    if (dropped > 0) {
      const what = `${dropped} ${TOPIC_RESOURCE_TYPE[topic]} record${dropped === 1 ? '' : 's'}`;
      gaps.push({
        topic,
        reason: 'other-patient',
        message: `${what} in the data sent belonged to another patient and ${dropped === 1 ? 'was' : 'were'} not used`,
      });
    }
  }
  return kept;
}

export function assembleFacts(input: AssembleInput): Assembled {
  const gaps = [...input.gaps];
  const topics = thisPatientsOnly(input.topics, input.patientId, gaps);
  const conditions = normalizeTopic(topics.conditions, (value, source) => normalizeCondition(value, source));
  const procedures = normalizeTopic(topics.procedures, normalizeProcedure);
  const imagingStudies = normalizeTopic(topics.imagingStudies, normalizeImagingStudy);
  const orders = normalizeTopic(topics.serviceRequests, normalizeServiceRequest);
  const coverageResources = (topics.coverage ?? []).flatMap((chunk) => chunk.resources);

  // The drafts of this call may already be stored in the EHR; they are drafts here, not "other orders".
  const draftIds = new Set(input.draftOrders.map((order) => order.id));
  const existingOrders =
    draftIds.size === 0 ? orders.facts : orders.facts.filter((order) => !draftIds.has(order.id));

  // Chart conditions, then what the drafts brought (a draft's Condition is the fresher copy), then order reasons.
  const reasonConditions = input.draftOrders.flatMap((order) => orderReasonCondition(order) ?? []);
  const allConditions = withExtraConditions(conditions, [...input.draftConditions, ...reasonConditions]);

  const facts: PatientFacts = {
    patientId: input.patientId,
    asOf: input.asOf,
    conditions: allConditions,
    procedures: procedures.facts,
    imagingStudies: imagingStudies.facts,
    existingOrders,
    draftOrders: input.draftOrders,
    gaps,
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
