/**
 * Optional OpenTelemetry tracing: off unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set, and then a
 * span per hook call with child spans for gathering the chart (one per FHIR query), each policy evaluation, the
 * card rendering and the audit-store write.
 *
 * What a span may carry is decided here, once: the service id, the hook, HTTP method and status, counts (orders
 * evaluated, cards), the FHIR resource type and the allow-listed FHIR base a query went to, and a failure's
 * reason code. Never a token, a patient or order id, a code, an outcome or any other clinical data: traces leave
 * the service for a collector the payer's clinical-data controls do not cover.
 *
 * Like metrics, tracing wraps the layers from outside (the pipeline, the audit log, an express middleware); the
 * layers themselves know nothing of it. The SDK is loaded only when tracing is on.
 */
import { type Attributes, context, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { FhirQueryEvent, FhirQueryObserver } from '../data/query-observer.js';
import type { AuditLog } from '../protocol/audit/hook-call-record.js';
import type { HookPipeline } from '../protocol/pipeline.js';

export interface Tracing {
  tracer: Tracer;
  /** Flushes the spans still buffered and stops the exporter (bounded by the SDK's own export timeout). */
  shutdown(): Promise<void>;
}

/** Whether the environment turns tracing on (the standard OTLP exporter variables). */
export function tracingEnabled(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

/**
 * Starts the SDK with the OTLP/HTTP exporter, which reads the standard OTEL_EXPORTER_OTLP_* variables (endpoint,
 * headers, timeout) itself; undefined when tracing is off. Spans are batched, so a slow collector never delays a
 * hook call.
 */
export async function startTracing(
  env: NodeJS.ProcessEnv,
  service: { version: string; policy: string },
): Promise<Tracing | undefined> {
  if (!tracingEnabled(env)) return undefined;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME?.trim() || 'spect-spine-cds',
      'service.version': service.version,
      'cds.policy': service.policy,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The AsyncLocalStorage context manager: child spans find the hook call's span across awaits.
  provider.register();
  return {
    tracer: provider.getTracer('spect-spine-cds', service.version),
    shutdown: () => provider.shutdown(),
  };
}

/** Runs fn in a child span of the active one; the span ends when fn's promise settles, marked error if it rejects. */
async function inSpan<T>(tracer: Tracer, name: string, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      // The error's class only: a message may quote request data.
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

function syncSpan<T>(tracer: Tracer, name: string, fn: (span: Span) => T): T {
  return tracer.startActiveSpan(name, (span) => {
    try {
      return fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The root span of each hook call (POST /cds-services/{id}, not feedback or discovery), active for everything the
 * call does, ended when the answer is written (or the connection closes first).
 */
export function traceHookCalls(tracer: Tracer): RequestHandler {
  const hookPath = /^\/cds-services\/([^/]+)\/?$/;
  return (req, res, next) => {
    const match = req.method === 'POST' ? hookPath.exec(req.path) : null;
    if (!match) {
      next();
      return;
    }
    const service = decodeURIComponent(match[1]!).slice(0, 64);
    const span = tracer.startSpan(`hook ${service}`, {
      attributes: { 'cds.service': service, 'http.request.method': 'POST' },
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.on('finish', end);
    res.on('close', end);
    context.with(trace.setSpan(context.active(), span), next);
  };
}

/** A finished FHIR query as a child span, back-dated by its duration (the data layer reports it on completion). */
function fhirQuerySpan(tracer: Tracer, event: FhirQueryEvent): void {
  const end = Date.now();
  const attributes: Attributes = {
    'fhir.resource_type': event.resourceType,
    'server.address': event.server,
  };
  if (event.error) attributes['fhir.query.error'] = event.error;
  const span = tracer.startSpan('fhir query', { startTime: end - event.durationMs, attributes });
  if (event.error) span.setStatus({ code: SpanStatusCode.ERROR, message: event.error });
  span.end(end);
}

export function tracePipeline(pipeline: HookPipeline, tracer: Tracer): HookPipeline {
  /** The request with each finished FHIR query also reported as a span. */
  const withQuerySpans = <R extends { observeQuery?: FhirQueryObserver }>(request: R): R => {
    const observe = request.observeQuery;
    return {
      ...request,
      observeQuery: (event: FhirQueryEvent) => {
        fhirQuerySpan(tracer, event);
        observe?.(event);
      },
    };
  };
  return {
    ...pipeline,
    gatherFacts: (request) =>
      inSpan(tracer, 'gather chart', (span) => {
        span.setAttribute('cds.prefetch.supplied', request.prefetch !== undefined);
        return pipeline.gatherFacts(withQuerySpans(request));
      }),
    readPayorOrganization: (request) =>
      inSpan(tracer, 'payer identity', () => pipeline.readPayorOrganization(withQuerySpans(request))),
    evaluateOrder: (facts, order) =>
      syncSpan(tracer, 'policy evaluate', () => pipeline.evaluateOrder(facts, order)),
    renderResponse: (determinations, responseContext) =>
      syncSpan(tracer, 'cards render', (span) => {
        const response = pipeline.renderResponse(determinations, responseContext);
        span.setAttributes({
          'cds.hook': responseContext.hook,
          'cds.orders_evaluated': determinations.length,
          'cds.cards': response.cards.length,
        });
        return response;
      }),
  };
}

/** The audit record's commit, which every 200 waits for, as a span of its own. */
export function traceAuditLog(log: AuditLog, tracer: Tracer): AuditLog {
  return {
    recordHookCall: (record) => inSpan(tracer, 'audit store write', () => log.recordHookCall(record)),
    listHookCalls: (filter) => log.listHookCalls(filter),
    countHookCalls: () => log.countHookCalls(),
    cardRecipients: (cardUuids) => log.cardRecipients(cardUuids),
  };
}
