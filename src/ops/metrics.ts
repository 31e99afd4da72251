/**
 * The service's Prometheus metrics (prom-client). One registry per app instance rather than prom-client's global
 * one, so several apps in one process (tests, the demo) never collide on metric names.
 *
 * Labels carry only bounded, non-clinical values: hook names, policy outcome and finding codes, allow-listed FHIR
 * base URLs, DataGap reasons, cache and store names. Never a patient id, order id or token.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const METRIC_PREFIX = 'spect_cds_';

/** Hook answers are expected well under CRD's 5 s target; the buckets resolve the range that matters. */
const HOOK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8];
const FHIR_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4];

export interface MetricsOptions {
  /** Also export Node process metrics (CPU, memory, event loop lag). Off in tests, on in the server. */
  processMetrics?: boolean;
}

export class ServiceMetrics {
  readonly registry = new Registry();

  /** Whole hook calls as the EHR sees them, by hook and HTTP status. */
  readonly hookDuration: Histogram<'hook' | 'status'>;
  /** One per evaluated spine SPECT order. */
  readonly determinations: Counter<'hook' | 'outcome'>;
  /** Findings on those determinations (an order can carry several). */
  readonly findings: Counter<'hook' | 'outcome' | 'finding'>;
  /** Indications met, so analysts see which criteria carry approvals. */
  readonly criteriaMet: Counter<'criterion'>;
  readonly cards: Counter<'hook' | 'indicator'>;
  /** Each HTTP request to an EHR's FHIR server (one per page). */
  readonly fhirQueryDuration: Histogram<'server' | 'resource_type' | 'result'>;
  readonly fhirQueryErrors: Counter<'server' | 'resource_type' | 'reason'>;
  readonly cacheLookups: Counter<'cache' | 'result'>;
  readonly storeWrites: Counter<'store' | 'result'>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.hookDuration = new Histogram({
      name: `${METRIC_PREFIX}hook_duration_seconds`,
      help: 'Time to answer a CDS Hooks call, by hook and HTTP status',
      labelNames: ['hook', 'status'],
      buckets: HOOK_BUCKETS,
      registers,
    });
    this.determinations = new Counter({
      name: `${METRIC_PREFIX}determinations_total`,
      help: 'Policy determinations (one per evaluated spine SPECT order), by hook and outcome',
      labelNames: ['hook', 'outcome'],
      registers,
    });
    this.findings = new Counter({
      name: `${METRIC_PREFIX}determination_findings_total`,
      help: 'Findings on policy determinations, by hook, outcome and finding code',
      labelNames: ['hook', 'outcome', 'finding'],
      registers,
    });
    this.criteriaMet = new Counter({
      name: `${METRIC_PREFIX}criteria_met_total`,
      help: 'Medically necessary indications found met, by criterion',
      labelNames: ['criterion'],
      registers,
    });
    this.cards = new Counter({
      name: `${METRIC_PREFIX}cards_total`,
      help: 'Cards returned to EHRs, by hook and indicator',
      labelNames: ['hook', 'indicator'],
      registers,
    });
    this.fhirQueryDuration = new Histogram({
      name: `${METRIC_PREFIX}fhir_query_duration_seconds`,
      help: "Latency of each request to an EHR's FHIR server, by server base URL, resource type and result",
      labelNames: ['server', 'resource_type', 'result'],
      buckets: FHIR_BUCKETS,
      registers,
    });
    this.fhirQueryErrors = new Counter({
      name: `${METRIC_PREFIX}fhir_query_errors_total`,
      help: "Failed requests to an EHR's FHIR server, by server base URL, resource type and reason",
      labelNames: ['server', 'resource_type', 'reason'],
      registers,
    });
    this.cacheLookups = new Counter({
      name: `${METRIC_PREFIX}cache_lookups_total`,
      help: 'Cache lookups, by cache and result (hit or miss)',
      labelNames: ['cache', 'result'],
      registers,
    });
    this.storeWrites = new Counter({
      name: `${METRIC_PREFIX}store_writes_total`,
      help: 'Writes to the service stores (feedback, audit), by store and result',
      labelNames: ['store', 'result'],
      registers,
    });
    // The standard names (process_cpu_seconds_total, nodejs_heap_size_used_bytes, ...), unprefixed, so that stock
    // Node.js dashboards and alerts find them; the service's own metrics carry the spect_cds_ prefix.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text for GET /metrics. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
