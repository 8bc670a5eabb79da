import { Counter, Gauge, type Registry } from 'prom-client';
import type { ObservableCatalog } from '../manager/DiscoveryObserver.js';
import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import { METRIC_NAMES } from './metricNames.js';

/**
 * The metrics read only when scraped: models per provider, and the cache's hits and misses
 * (plain counters in the manager, so a read pays one increment and no prom-client call).
 */
export function registerScrapedMetrics(registry: Registry, reader: ModelCatalogReader, observable: ObservableCatalog | undefined): void {
  const registers = [registry];
  new Gauge({
    name: METRIC_NAMES.models,
    help: 'Models each provider contributes now (after its filters).',
    labelNames: ['provider'],
    registers,
    collect() {
      this.reset();
      for (const status of reader.providerStatus()) this.set({ provider: status.name }, status.models);
    },
  });
  const cacheCounter = (name: string, help: string, read: (catalog: ObservableCatalog) => number): void => {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        if (observable !== undefined) this.inc(read(observable));
      },
    });
  };
  cacheCounter(METRIC_NAMES.cacheHits, 'Reads of the valid list answered from the cache.', (catalog) => catalog.cacheStats().hits);
  cacheCounter(METRIC_NAMES.cacheMisses, 'Reads of the valid list that had to build it.', (catalog) => catalog.cacheStats().misses);
}
