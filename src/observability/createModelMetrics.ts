import { Gauge, Registry } from 'prom-client';
import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';

const MODELS = 'scoped_models_provider_models';
const SSE_CLIENTS = 'scoped_models_sse_clients';

/** Options of {@link createModelMetrics}. */
export interface ModelMetricsOptions {
  /** Where the metrics are registered. Default: a registry of their own. */
  registry?: Registry | undefined;
}

/** Prometheus metrics observing a catalog, and the text `/metrics` answers. */
export interface ModelMetrics {
  readonly registry: Registry;
  /** The `Content-Type` of {@link render}'s text. */
  readonly contentType: string;
  /** The registry's metrics in Prometheus text format. */
  render(): Promise<string>;
  /** Event-stream clients connected now. */
  readonly sseClients: { inc(): void; dec(): void };
  /** Removes these metrics from the registry (so another set can be registered under the same names). */
  close(): void;
}

/**
 * Registers metrics that observe `reader`: models per provider (a gauge read at scrape time) and
 * event-stream clients. Never a key in a label: provider names only.
 */
export function createModelMetrics(reader: ModelCatalogReader, options: ModelMetricsOptions = {}): ModelMetrics {
  const registry = options.registry ?? new Registry();
  new Gauge({
    name: MODELS,
    help: 'Valid models each provider contributes now.',
    labelNames: ['provider'],
    registers: [registry],
    collect() {
      this.reset();
      for (const status of reader.providerStatus()) this.set({ provider: status.name }, status.models);
    },
  });
  const sseClients = new Gauge({ name: SSE_CLIENTS, help: 'Event-stream clients connected now.', registers: [registry] });
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    sseClients: { inc: () => sseClients.inc(), dec: () => sseClients.dec() },
    close() {
      for (const name of [MODELS, SSE_CLIENTS]) registry.removeSingleMetric(name);
    },
  };
}
