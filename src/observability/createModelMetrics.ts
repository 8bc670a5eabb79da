import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isObservableCatalog } from '../manager/DiscoveryObserver.js';
import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import { METRIC_NAMES } from './metricNames.js';
import { registerScrapedMetrics } from './registerScrapedMetrics.js';

/** Options of {@link createModelMetrics}. */
export interface ModelMetricsOptions {
  /** Where the metrics are registered. Default: a registry of their own (not prom-client's global one). */
  registry?: Registry | undefined;
}

/** The catalog's Prometheus metrics, ready to serve at `/metrics`. */
export interface ModelMetrics {
  readonly registry: Registry;
  /** The `Content-Type` of `render()`'s text (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** Every metric of the registry in the Prometheus text format. */
  render(): Promise<string>;
  /** The HTTP layer counts open `/v1/models/events` streams here. */
  readonly sseClients: { inc(): void; dec(): void };
  /** Stops watching the reader and removes these metrics from the registry. */
  close(): void;
}

/** Discovery durations in seconds: from a cached local answer to a provider at its deadline. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics of `reader`, through prom-client: `scoped_models_models{provider}`,
 * `scoped_models_discovery_duration_seconds{provider,outcome}`,
 * `scoped_models_discovery_failures_total{provider,code}`, `scoped_models_store_reloads_total{outcome}`,
 * `scoped_models_pubsub_reconnects_total`, `scoped_models_sse_clients`,
 * `scoped_models_cache_hits_total` and `scoped_models_cache_misses_total`. Model counts and cache
 * counts are read when scraped, so reads pay nothing for them. A reader that cannot be watched
 * (not a `ProviderManager`) still gets the model counts and the SSE gauge.
 * @example
 * const metrics = createModelMetrics(manager);
 * res.setHeader('content-type', metrics.contentType).end(await metrics.render());
 */
export function createModelMetrics(reader: ModelCatalogReader, options: ModelMetricsOptions = {}): ModelMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  const observable = isObservableCatalog(reader) ? reader : undefined;
  registerScrapedMetrics(registry, reader, observable);
  const duration = new Histogram({
    name: METRIC_NAMES.duration,
    help: 'How long one provider took to discover, by outcome (ok or failed).',
    labelNames: ['provider', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const failures = new Counter({
    name: METRIC_NAMES.failures,
    help: 'Failed discoveries of one provider, by error code.',
    labelNames: ['provider', 'code'],
    registers,
  });
  const reloads = new Counter({
    name: METRIC_NAMES.reloads,
    help: 'Loads of the catalog store (start, new generation, recovery), by outcome (ok or unavailable).',
    labelNames: ['outcome'],
    registers,
  });
  const reconnects = new Counter({
    name: METRIC_NAMES.reconnects,
    help: 'Times the invalidation subscription came back after a drop.',
    registers,
  });
  const sse = new Gauge({ name: METRIC_NAMES.sse, help: 'Open /v1/models/events streams.', registers });
  const stopObserving =
    observable?.observe({
      fetchFinished({ provider, report }) {
        if (report.status === 'skipped') return;
        duration.observe({ provider, outcome: report.status }, report.durationMs / 1000);
        if (report.status === 'failed') failures.inc({ provider, code: report.code ?? 'failed' });
      },
      storeReloaded({ ok }) {
        reloads.inc({ outcome: ok ? 'ok' : 'unavailable' });
      },
      busReconnected() {
        reconnects.inc();
      },
    }) ?? (() => {});
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    sseClients: { inc: () => sse.inc(), dec: () => sse.dec() },
    close() {
      stopObserving();
      for (const name of Object.values(METRIC_NAMES)) registry.removeSingleMetric(name);
    },
  };
}
