import { context, type Span, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { DiscoveryObserver } from '../manager/DiscoveryObserver.js';

/** Options of {@link traceDiscoveries}. */
export interface TraceDiscoveriesOptions {
  /** Default: `trace.getTracer('scoped-models')`, a no-op until the application registers an SDK. */
  tracer?: Tracer | undefined;
}

/**
 * OpenTelemetry spans for a manager's discoveries, through `@opentelemetry/api` only: a
 * `scoped-models discover` span per `discoverModels()` call (a child of the caller's active
 * span) with a `scoped-models fetch` child per provider fetch; a background refresh's fetch is a
 * span of its own. Attributes name the provider, status, model count, retries and error code;
 * never a key or a URL. Returns the function that stops tracing.
 * @example
 * const stop = traceDiscoveries(manager);
 */
export function traceDiscoveries(catalog: { observe(observer: DiscoveryObserver): () => void }, options: TraceDiscoveriesOptions = {}): () => void {
  const tracer = options.tracer ?? trace.getTracer('scoped-models');
  const discoveries = new Map<number, Span>();
  const fetches = new Map<number, Span>();
  return catalog.observe({
    discoveryStarted({ id, providers }) {
      discoveries.set(id, tracer.startSpan('scoped-models discover', { attributes: { 'scoped_models.providers': [...providers] } }));
    },
    discoveryFinished({ id, report, error }) {
      const span = discoveries.get(id);
      if (span === undefined) return;
      discoveries.delete(id);
      if (report === undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'aborted' });
      } else {
        const failed = report.providers.filter((provider) => provider.status === 'failed').length;
        span.setAttributes({ 'scoped_models.failed': failed, 'scoped_models.models': report.providers.reduce((sum, p) => sum + p.models, 0) });
        if (failed > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `${failed} provider(s) failed` });
      }
      span.end();
    },
    fetchStarted({ id, provider, discovery }) {
      const parent = discovery === undefined ? undefined : discoveries.get(discovery);
      const parentContext = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
      const attributes = { 'scoped_models.provider': provider, 'scoped_models.background': discovery === undefined };
      fetches.set(id, tracer.startSpan('scoped-models fetch', { attributes }, parentContext));
    },
    fetchFinished({ id, report, retries }) {
      const span = fetches.get(id);
      if (span === undefined) return;
      fetches.delete(id);
      span.setAttributes({ 'scoped_models.status': report.status, 'scoped_models.models': report.models, 'scoped_models.retries': retries });
      if (report.code !== undefined) span.setAttribute('scoped_models.error_code', report.code);
      // The report's message is already free of keys; it still may name a host, so only the code goes out.
      if (report.status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: report.code ?? 'failed' });
      span.end();
    },
  });
}
