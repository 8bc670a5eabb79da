import type { ScopedModelsConfig } from '../config/schema.js';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { catalogProviderId } from '../facts/catalogProviderId.js';
import type { FactsCatalog } from '../facts/FactsCatalog.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import { CatalogEntry } from './CatalogEntry.js';
import { providerFingerprint } from './fingerprint.js';
import { isScopableName } from './scopedId.js';
import { compileModelFilter } from './modelFilter.js';
import { normalizeModels } from '../providers/normalizeModels.js';

/**
 * One entry per provider, with its policy from the config (enabled, filters, pinned models) and
 * the models it knows without a network, ordered by `name + separator`: in that order their
 * sorted lists concatenate into one sorted list. With a `catalog`, each entry fills what its
 * provider does not say from the catalog's facts for that provider (matched by type and preset).
 * @throws {ScopedModelsError} for two providers of one name, or a name holding the separator.
 */
export function createCatalogEntries(
  config: ScopedModelsConfig,
  providers: readonly ModelProvider[],
  catalog?: FactsCatalog,
): CatalogEntry[] {
  const separator = config.separator;
  const policies = new Map(config.providers.map((provider) => [provider.name, provider]));
  const seen = new Set<string>();
  const entries = providers.map((provider) => {
    if (seen.has(provider.name)) {
      throw new ScopedModelsError('duplicate_provider', `two providers are named "${provider.name}"; give each a unique name`);
    }
    seen.add(provider.name);
    if (!isScopableName(provider.name, separator)) {
      throw new ScopedModelsError(
        'invalid_provider_name',
        `provider name "${provider.name}" must be non-empty and must not contain the separator "${separator}"`,
      );
    }
    const policy = policies.get(provider.name);
    const pinned = provider.initialModels === undefined ? (policy?.models ?? []) : [];
    const entry = new CatalogEntry({
      provider,
      fingerprint: providerFingerprint(provider.name, policy),
      separator,
      filter: compileModelFilter(policy?.include, policy?.exclude),
      pinned: normalizeModels(pinned.map((model) => (typeof model === 'string' ? { id: model } : model))).models,
      unavailableReason: policy?.enabled === false ? 'disabled in the configuration' : provider.unavailableReason,
      catalog: catalogFor(catalog, provider.name, policy),
    });
    entry.replaceModels(normalizeModels([...(provider.initialModels ?? [])]).models);
    return entry;
  });
  const sortKey = (entry: CatalogEntry): string => entry.name + separator;
  return entries.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

function catalogFor(catalog: FactsCatalog | undefined, name: string, policy: Parameters<typeof catalogProviderId>[1]): ReturnType<FactsCatalog['provider']> {
  const id = catalog === undefined ? undefined : catalogProviderId(name, policy);
  return id === undefined ? undefined : catalog?.provider(id);
}
