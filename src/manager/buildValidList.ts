import type { ProviderList } from './SharedCatalog.js';
import type { ModelQuery } from './types.js';

/**
 * The valid scoped ids of `lists` for `query`, frozen: the manager's and every tenant view's
 * answer, so both read the same query the same way. `lists` must be in scoped-id order (name +
 * separator): their sorted lists then concatenate into one sorted list.
 */
export function buildValidList(lists: readonly ProviderList[], query: ModelQuery | undefined): readonly string[] {
  const providers = query?.providers === undefined ? undefined : new Set(query.providers);
  const capability = query?.capability?.toLowerCase();
  const models: string[] = [];
  for (const list of lists) {
    if (!list.available || (providers !== undefined && !providers.has(list.name))) continue;
    if (capability === undefined) {
      for (const id of list.scopedIds) models.push(id);
    } else {
      for (const model of list.sorted) if (model.capabilities.includes(capability)) models.push(model.id);
    }
  }
  return Object.freeze(models);
}
