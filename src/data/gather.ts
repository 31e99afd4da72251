/**
 * gatherFacts: the data layer's entry point. CDS Hooks 2.0 semantics: use every prefetch key the EHR filled;
 * query the EHR's FHIR server (only if allow-listed, with the hook's bearer token) for the rest, all in parallel
 * within one time budget; record what could not be read as DataGaps. Throws only the 412 case.
 */
import { assembleFacts, type ResourceChunk } from './assemble-facts.js';
import { ByteBudget } from './byte-budget.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import { accessTokenDigest, type CachedTopic, type FactCache, type FactCacheKey } from './fact-cache.js';
import type { ConditionFact, DataGap, FactTopic, OrderFact, PatientFacts } from './facts.js';
import { circuitOpenGap, gatherVerdict } from './fhir-circuit.js';
import { createFhirClient } from './fhir-client.js';
import { emptyResult, type QueryContext, type QueryResult, queryRead, querySearch } from './fhir-query.js';
import { allowedBase, followableLink } from './fhir-server-guard.js';
import {
  PREFETCH_TEMPLATES,
  PREFETCH_TOPICS,
  REQUIRED_TOPICS,
  renderPrefetchTemplate,
  TOPIC_RESOURCE_TYPE,
} from './prefetch-templates.js';
import { explainBlocker, PrefetchUnavailableError, type QueryBlocker } from './prefetch-unavailable-error.js';
import { readPrefetchValue } from './prefetch-value.js';
import { type BudgetedQuery, runWithinBudget } from './query-budget.js';
import type { FhirQueryObserver } from './query-observer.js';

export { PrefetchUnavailableError } from './prefetch-unavailable-error.js';

export interface GatherRequest {
  patientId: string;
  /** The hook call's time (ISO), passed through so the policy has no clock. */
  asOf: string;
  prefetch?: Record<string, unknown>;
  fhirServer?: string;
  accessToken?: string;
  draftOrders: OrderFact[];
  draftConditions?: ConditionFact[];
  /** The calling client's configured FHIR bases; any other fhirServer is never contacted. */
  allowedFhirServers: string[];
  budgetMs: number;
  maxPages: number;
  signal?: AbortSignal;
  /** Told of each FHIR request's latency and failure (metrics). */
  observeQuery?: FhirQueryObserver;
  /** The verified caller (JWT iss): scopes the fact cache, so one client never reads another's data. */
  clientId?: string;
  /** Reuse of recent complete FHIR answers; used only with a clientId, an access token and factCacheSecret. */
  factCache?: FactCache;
  /** The secret of the keyed hash that ties a cached answer to the access token that fetched it. */
  factCacheSecret?: string | Uint8Array;
  /** Bytes this call may read from the FHIR server across all its queries and pages; unbounded when not given. */
  maxBytes?: number;
  /** Per-FHIR-server circuit breakers shared across hook calls; without them every call contacts the server. */
  circuits?: CircuitBreakers;
  /** The searches for keys the EHR did not fill: the templates discovery advertises (default: unnarrowed). */
  templates?: Readonly<Record<FactTopic, string>>;
}

/** Where each topic's data came from, for logs and audit (counts only, no patient data). */
export interface TopicStats {
  origin: 'prefetch' | 'fhir' | 'prefetch+fhir' | 'unavailable';
  /** The FHIR answer was reused from the fact cache rather than queried again. */
  cached?: true;
  resources: number;
  skipped: number;
  pages: number;
}

export interface GatherOutcome {
  facts: PatientFacts;
  stats: Record<FactTopic, TopicStats>;
}

/** A prefetched search whose Bundle has a next page we still have to read. */
interface Continuation {
  topic: FactTopic;
  next: string;
}

function blockerOf(req: GatherRequest): { base: string } | { blocker: QueryBlocker } {
  if (!req.fhirServer) return { blocker: 'no-fhir-server' };
  if (!req.accessToken) return { blocker: 'no-access-token' };
  const base = allowedBase(req.fhirServer, req.allowedFhirServers);
  return base ? { base } : { blocker: 'fhir-server-not-allowed' };
}

function unavailableGap(topic: FactTopic, blocker: QueryBlocker, what: string): DataGap {
  return {
    topic,
    reason: blocker === 'fhir-server-not-allowed' ? 'not-allowed' : 'unreachable',
    message: `${TOPIC_RESOURCE_TYPE[topic]} ${what} cannot be queried: ${explainBlocker(blocker)}`,
  };
}

export async function gatherFacts(req: GatherRequest): Promise<PatientFacts> {
  return (await gatherFactsDetailed(req)).facts;
}

/** gatherFacts plus per-topic statistics. */
export async function gatherFactsDetailed(req: GatherRequest): Promise<GatherOutcome> {
  const chunks: Partial<Record<FactTopic, ResourceChunk[]>> = {};
  const stats = {} as Record<FactTopic, TopicStats>;
  const missing: FactTopic[] = [];
  const continuations: Continuation[] = [];
  const gaps: DataGap[] = [];

  for (const topic of PREFETCH_TOPICS) {
    const reading = readPrefetchValue(topic, req.prefetch?.[topic], req.patientId);
    if (!reading.usable) {
      missing.push(topic);
      stats[topic] = { origin: 'unavailable', resources: 0, skipped: 0, pages: 0 };
      continue;
    }
    chunks[topic] = [{ resources: reading.resources, source: 'prefetch' }];
    stats[topic] = {
      origin: 'prefetch',
      resources: reading.resources.length,
      skipped: reading.skipped,
      pages: 1,
    };
    if (reading.next !== undefined) continuations.push({ topic, next: reading.next });
  }

  if (missing.length > 0 || continuations.length > 0) {
    const target = blockerOf(req);
    if ('blocker' in target) {
      const needed = missing.filter((topic) => REQUIRED_TOPICS.includes(topic));
      if (needed.length > 0) throw new PrefetchUnavailableError(needed, target.blocker);
      for (const topic of missing)
        gaps.push(unavailableGap(topic, target.blocker, 'data was not prefetched and'));
      for (const { topic } of continuations) {
        const gap = unavailableGap(topic, target.blocker, 'prefetch has further pages that');
        gaps.push({ ...gap, reason: 'truncated' });
      }
    } else {
      const toQuery = await takeFromCache(req, target.base, missing, chunks, stats);
      const queries = planQueries(req, target.base, toQuery, continuations, stats);
      const results = await queryUnlessCircuitOpen(req, target.base, queries, gaps);
      results.forEach((result, i) => {
        const { topic } = queries[i]!;
        recordResult(topic, result, chunks, stats, gaps);
        // Only a whole first-hand answer is reusable: not a continued prefetch, not one with a gap.
        if (i < toQuery.length && !result.gap) storeInCache(req, target.base, topic, result);
      });
    }
  }

  const assembled = assembleFacts({
    patientId: req.patientId,
    asOf: req.asOf,
    topics: chunks,
    draftOrders: req.draftOrders,
    draftConditions: req.draftConditions ?? [],
    gaps,
  });
  for (const [topic, skipped] of Object.entries(assembled.skipped) as [FactTopic, number][]) {
    stats[topic].skipped += skipped;
  }
  return { facts: assembled.facts, stats };
}

/**
 * Run the queries unless the server's circuit is open; then each one becomes a "circuit open" gap instead (the
 * call answers at once with what prefetch and the cache gave). The outcome is reported to the circuit.
 */
async function queryUnlessCircuitOpen(
  req: GatherRequest,
  base: string,
  queries: BudgetedQuery[],
  gaps: DataGap[],
): Promise<QueryResult[]> {
  if (queries.length === 0) return [];
  const admission = req.circuits?.admit(base);
  if (admission && !admission.admitted) {
    for (const query of queries) gaps.push(circuitOpenGap(query.topic, query.resourceType, admission));
    return [];
  }
  const results = await runWithinBudget(queries, req.budgetMs, req.signal);
  admission?.report(gatherVerdict(results, req.signal?.aborted === true));
  return results;
}

/** One call's cache scope: undefined (no caching) unless the client, the token and the secret are all known. */
function cacheScope(
  req: GatherRequest,
): { cache: FactCache; key: Omit<FactCacheKey, 'fhirServer' | 'topic'> } | undefined {
  if (!req.factCache || !req.clientId || !req.accessToken || req.factCacheSecret === undefined)
    return undefined;
  const tokenDigest = accessTokenDigest(req.factCacheSecret, req.accessToken);
  return { cache: req.factCache, key: { clientId: req.clientId, patientId: req.patientId, tokenDigest } };
}

/**
 * Fill the missing topics the cache still holds; returns those left to query. Reached only once the FHIR server
 * is allowed for this client and a token was sent, so the cache never answers a call that could not query itself.
 * A failing cache (e.g. a remote store down) is a miss, never an error.
 */
async function takeFromCache(
  req: GatherRequest,
  base: string,
  missing: FactTopic[],
  chunks: Partial<Record<FactTopic, ResourceChunk[]>>,
  stats: Record<FactTopic, TopicStats>,
): Promise<FactTopic[]> {
  const scope = cacheScope(req);
  if (!scope) return missing;
  const hits = await Promise.all(
    missing.map(async (topic): Promise<CachedTopic | undefined> => {
      try {
        return await scope.cache.get({ ...scope.key, fhirServer: base, topic });
      } catch {
        return undefined;
      }
    }),
  );
  const left: FactTopic[] = [];
  missing.forEach((topic, i) => {
    const hit = hits[i];
    if (!hit) {
      left.push(topic);
      return;
    }
    chunks[topic] = [{ resources: hit.resources, source: 'fhir' }];
    stats[topic] = {
      origin: 'fhir',
      cached: true,
      resources: hit.resources.length,
      skipped: hit.skipped,
      pages: hit.pages,
    };
  });
  return left;
}

function storeInCache(req: GatherRequest, base: string, topic: FactTopic, result: QueryResult): void {
  const scope = cacheScope(req);
  if (!scope) return;
  const value: CachedTopic = { resources: result.resources, skipped: result.skipped, pages: result.pages };
  // Not awaited: the answer to the EHR must not wait for, or fail because of, the cache.
  Promise.resolve()
    .then(() => scope.cache.set({ ...scope.key, fhirServer: base, topic }, value))
    .catch(() => undefined);
}

/**
 * Page size asked of the EHR on our own searches. Servers default to small pages (often 10-50), which turns one
 * chart into several sequential round trips and, past maxPages, into a truncated read; servers cap `_count` at their
 * own maximum, so asking for more is safe. (Prefetch templates carry no `_count`: a prefetch must equal the query.)
 */
export const SEARCH_PAGE_SIZE = 1000;

function planQueries(
  req: GatherRequest,
  base: string,
  missing: FactTopic[],
  continuations: Continuation[],
  stats: Record<FactTopic, TopicStats>,
): BudgetedQuery[] {
  const byteBudget = req.maxBytes === undefined ? undefined : new ByteBudget(req.maxBytes);
  const client = createFhirClient({ baseUrl: base, bearerToken: req.accessToken, byteBudget });
  const context = (signal: AbortSignal, budgetExpired: () => boolean): QueryContext => ({
    client,
    base,
    signal,
    maxPages: req.maxPages,
    budgetExpired,
    observe: req.observeQuery,
  });
  const planned: BudgetedQuery[] = [];

  for (const topic of missing) {
    const resourceType = TOPIC_RESOURCE_TYPE[topic];
    const template = (req.templates ?? PREFETCH_TEMPLATES)[topic];
    const rendered = renderPrefetchTemplate(template, { patientId: req.patientId });
    const path = topic === 'patient' ? rendered : `${rendered}&_count=${SEARCH_PAGE_SIZE}`;
    const result = emptyResult();
    const run =
      topic === 'patient'
        ? (signal: AbortSignal, expired: () => boolean) =>
            queryRead(context(signal, expired), topic, path, resourceType, result)
        : (signal: AbortSignal, expired: () => boolean) =>
            querySearch(context(signal, expired), topic, path, resourceType, result);
    planned.push({ topic, resourceType, result, run });
  }

  for (const { topic, next } of continuations) {
    const resourceType = TOPIC_RESOURCE_TYPE[topic];
    // The prefetched first page counts against maxPages.
    const result = emptyResult(stats[topic].pages);
    const url = followableLink(next, base);
    const run = async (signal: AbortSignal, expired: () => boolean) => {
      if (url === undefined) {
        result.gap = {
          topic,
          reason: 'truncated',
          message: `${resourceType} query: a next link pointed outside the FHIR server; not followed`,
        };
        return result;
      }
      return querySearch(context(signal, expired), topic, url, resourceType, result);
    };
    planned.push({ topic, resourceType, result, run });
  }
  return planned;
}

function recordResult(
  topic: FactTopic,
  result: QueryResult,
  chunks: Partial<Record<FactTopic, ResourceChunk[]>>,
  stats: Record<FactTopic, TopicStats>,
  gaps: DataGap[],
): void {
  const topicChunks = chunks[topic] ?? [];
  const continued = topicChunks.length > 0;
  topicChunks.push({ resources: result.resources, source: 'fhir' });
  chunks[topic] = topicChunks;
  const before = stats[topic];
  const gotAnything = result.resources.length > 0 || !result.gap;
  stats[topic] = {
    origin: continued ? 'prefetch+fhir' : gotAnything ? 'fhir' : 'unavailable',
    resources: before.resources + result.resources.length,
    skipped: before.skipped + result.skipped,
    pages: result.pages,
  };
  if (result.gap) gaps.push(result.gap);
}
