import { canonicalQuery } from './queryKey.js';
import type { ProviderList } from './SharedCatalog.js';
import type { ModelQuery } from './types.js';

/**
 * The valid scoped ids of `lists` for `query`, frozen: the manager's and every tenant view's
 * answer, so both read the same query the same way. `lists` must be in scoped-id order (name +
 * separator): their sorted lists then concatenate into one sorted list.
 * @throws {ScopedModelsError} `invalid_query` when `minContextWindow` is not a number ≥ 0.
 */
export function buildValidList(lists: readonly ProviderList[], query: ModelQuery | undefined): readonly string[] {
  const canonical = query === undefined ? undefined : canonicalQuery(query);
  const providers = canonical?.providers === undefined ? undefined : new Set(canonical.providers);
  const capabilities = canonical?.capabilities ?? [];
  const minContext = canonical?.minContextWindow;
  const models: string[] = [];
  for (const list of lists) {
    if (!list.available || (providers !== undefined && !providers.has(list.name))) continue;
    if (capabilities.length === 0 && minContext === undefined) {
      for (const id of list.scopedIds) models.push(id);
      continue;
    }
    for (const model of list.sorted) {
      if (minContext !== undefined && !(model.contextWindow !== undefined && model.contextWindow >= minContext)) continue;
      if (capabilities.every((capability) => model.capabilities.includes(capability))) models.push(model.id);
    }
  }
  return Object.freeze(models);
}
