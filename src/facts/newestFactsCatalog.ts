import { bundledFactsCatalog } from './bundledFactsCatalog.js';
import type { FactsCatalog } from './FactsCatalog.js';
import { defaultFactsCatalogPath, newestCatalog, readFetchedCatalog } from './fetchedCatalogFile.js';

/**
 * The catalog a command uses: the newer of the bundled one and the one `scoped-models catalog
 * update` fetched into the cache folder `environment` names.
 */
export function newestFactsCatalog(environment: Readonly<Record<string, string | undefined>>): FactsCatalog {
  return newestCatalog(bundledFactsCatalog(), readFetchedCatalog(defaultFactsCatalogPath(environment)));
}
