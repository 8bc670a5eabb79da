import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { DiscoveryReport } from '../manager/types.js';

/** A catalog that `POST /v1/models/refresh` can refresh: `ProviderManager` is one. */
export interface RefreshableCatalog {
  /** Asks the providers named (all when `undefined`) for their lists again; see `ProviderManager.discoverModels`. */
  discoverModels(providers?: readonly string[]): Promise<DiscoveryReport>;
}

/** True when `reader` can also refresh. */
export function isRefreshable(reader: ModelCatalogReader): reader is ModelCatalogReader & RefreshableCatalog {
  return typeof (reader as Partial<RefreshableCatalog>).discoverModels === 'function';
}
