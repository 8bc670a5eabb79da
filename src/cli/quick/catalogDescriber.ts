import type { ProviderConfig } from '../../config/schema.js';
import { catalogProviderId } from '../../facts/catalogProviderId.js';
import { lookupFacts, type CatalogProvider } from '../../facts/FactsCatalog.js';
import { newestFactsCatalog } from '../../facts/newestFactsCatalog.js';
import { normalizeModels } from '../../providers/normalizeModels.js';
import type { DescribedModel } from '../completionOutput.js';
import type { CompletionCatalog, CompletionModel } from './readCompletionCatalog.js';

/**
 * What `complete --describe` says of a model, as the full command's manager knows it: the
 * provider's own facts (checked as the manager checks them), else the models.dev catalog's for
 * that provider. Imported only for `--describe`, so a plain Tab never loads the catalog.
 */
export function catalogDescriber(catalog: CompletionCatalog, environment: Readonly<Record<string, string | undefined>>): (model: CompletionModel) => DescribedModel {
  const facts = catalog.factsCatalog ? newestFactsCatalog(environment) : undefined;
  const providerFacts = (name: string | undefined): CatalogProvider | undefined => {
    const kind = name === undefined ? undefined : catalog.kinds.get(name);
    // The full command has checked the type against the schema by now; a bad one never gets here.
    const id = kind === undefined ? undefined : catalogProviderId(name ?? '', kind as Pick<ProviderConfig, 'type' | 'preset'>);
    return id === undefined ? undefined : facts?.provider(id);
  };
  return (model) => {
    const own = normalizeModels([model.written]).models[0];
    if (own === undefined) return {};
    const typical = lookupFacts(providerFacts(model.provider), own.id, own.aliases);
    return { displayName: own.displayName, contextWindow: own.contextWindow ?? typical?.contextWindow, pricing: own.pricing ?? typical?.pricing };
  };
}
