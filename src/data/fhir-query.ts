/**
 * One topic's query against the EHR's FHIR server: a read (Patient) or a search followed page by page through
 * `next` links, within a page bound and an abort signal. Never throws: failures become a DataGap alongside
 * whatever was read before the failure.
 */
import type { Client } from 'fhir-kit-client';
import type { DataGap, FactTopic } from './facts.js';
import { followableLink } from './fhir-server-guard.js';
import { readSearchBundle } from './normalize/bundle.js';
import { resourceOfType } from './normalize/fhir-values.js';
import { classifyQueryError } from './query-error.js';
import type { FhirQueryObserver } from './query-observer.js';

export interface QueryContext {
  client: Client;
  /** Normalized, allow-listed FHIR base: the only place requests and next links may go. */
  base: string;
  signal: AbortSignal;
  maxPages: number;
  /** True once the gather's time budget is spent, to tell a timeout from other aborts. */
  budgetExpired: () => boolean;
  /** Told of every request's latency and failure (metrics); optional. */
  observe?: FhirQueryObserver;
}

export interface QueryResult {
  resources: unknown[];
  /** Entries of another resource type, skipped. */
  skipped: number;
  pages: number;
  gap?: DataGap;
}

/**
 * Redirects are answered, not followed: the SSRF guard vets the base and each next link, and a 3xx from the allowed
 * server must not take the request to another host (an internal one, say). A 3xx becomes an HTTP-status gap.
 */
const NO_REDIRECTS = 'manual' as const;

function gap(topic: FactTopic, reason: DataGap['reason'], resourceType: string, detail: string): DataGap {
  return { topic, reason, message: `${resourceType} query: ${detail}` };
}

async function get(ctx: QueryContext, url: string, resourceType: string): Promise<unknown> {
  const send = () => ctx.client.request(url, { options: { signal: ctx.signal, redirect: NO_REDIRECTS } });
  if (!ctx.observe) return send();
  const started = performance.now();
  const report = (error?: DataGap['reason']) =>
    ctx.observe?.({ server: ctx.base, resourceType, durationMs: performance.now() - started, error });
  try {
    const body = await send();
    report();
    return body;
  } catch (error) {
    report(classifyQueryError(error, ctx.budgetExpired()).reason);
    throw error;
  }
}

/** An empty result to fill; the caller keeps a handle on it so a timeout can still use what was read. */
export function emptyResult(pagesAlreadyRead = 0): QueryResult {
  return { resources: [], skipped: 0, pages: pagesAlreadyRead };
}

/** Read one resource (Patient/<id>) into `result`. */
export async function queryRead(
  ctx: QueryContext,
  topic: FactTopic,
  path: string,
  resourceType: string,
  result: QueryResult = emptyResult(),
): Promise<QueryResult> {
  try {
    const resource = resourceOfType(await get(ctx, path, resourceType), resourceType);
    result.pages++;
    if (resource) result.resources.push(resource);
    else
      result.gap = gap(
        topic,
        'invalid-response',
        resourceType,
        `the server answered with something other than a ${resourceType}`,
      );
  } catch (error) {
    const { reason, detail } = classifyQueryError(error, ctx.budgetExpired());
    result.gap = gap(topic, reason, resourceType, detail);
  }
  return result;
}

/**
 * Search from `start` (a path relative to the base, or a next link already vetted), following next links, into
 * `result`. Its `pages` may already count pages the EHR prefetched, so a continued prefetch shares the page bound.
 */
export async function querySearch(
  ctx: QueryContext,
  topic: FactTopic,
  start: string,
  resourceType: string,
  result: QueryResult = emptyResult(),
): Promise<QueryResult> {
  let url: string | undefined = start;
  try {
    while (url !== undefined) {
      if (result.pages >= ctx.maxPages) {
        result.gap = gap(
          topic,
          'truncated',
          resourceType,
          `more than ${ctx.maxPages} pages; later pages not read`,
        );
        break;
      }
      const reading = readSearchBundle(await get(ctx, url, resourceType), resourceType);
      result.pages++;
      if (!reading.valid) {
        result.gap = gap(
          topic,
          'invalid-response',
          resourceType,
          `the server answered with ${reading.problem}`,
        );
        break;
      }
      // A loop, not push(...spread): a page of thousands of entries must not hit the argument limit.
      for (const resource of reading.resources) result.resources.push(resource);
      result.skipped += reading.skipped;
      url = undefined;
      if (reading.next !== undefined) {
        url = followableLink(reading.next, ctx.base);
        if (url === undefined) {
          result.gap = gap(
            topic,
            'truncated',
            resourceType,
            'a next link pointed outside the FHIR server; not followed',
          );
        }
      }
    }
  } catch (error) {
    const { reason, detail } = classifyQueryError(error, ctx.budgetExpired());
    result.gap = gap(topic, reason, resourceType, detail);
  }
  return result;
}
