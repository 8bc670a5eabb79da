import type { ModelCatalogReader, ModelsChangeListener, TenantAwareCatalog, TenantIdentity } from '../../src/manager/ModelCatalogReader.js';
import type { ModelQuery, ModelsChange, ProviderStatus, ScopedModelInfo } from '../../src/manager/types.js';
import type { ModelInfo } from '../../src/providers/ModelProvider.js';

type Lists = ReadonlyMap<string, readonly ModelInfo[]>;

/**
 * A small catalog that behaves like the manager's read side (same query semantics, frozen lists,
 * the same array for a repeated query until a change, a generation and change events) and like
 * its tenant views: a view sees the shared lists plus exactly the lists of the keys it holds.
 * It cannot discover: it has no `discoverModels`.
 */
export class FakeCatalog implements ModelCatalogReader, TenantAwareCatalog {
  readonly separator = '/';
  readonly #shared = new Map<string, readonly ModelInfo[]>();
  /** Lists by provider and key: what a provider answers to that key. */
  readonly #keyed = new Map<string, readonly ModelInfo[]>();
  readonly #listeners = new Set<(change: ModelsChange) => void>();
  readonly #memo = new Map<string, readonly string[]>();
  #memoGeneration = 0;
  #generation = 1;
  /** Views made so far by forTenant. */
  views = 0;

  constructor(shared: Record<string, readonly (ModelInfo | string)[]>) {
    for (const [provider, models] of Object.entries(shared)) this.#shared.set(provider, models.map(toInfo));
  }

  get generation(): number {
    return this.#generation;
  }

  /** Replaces a provider's shared list, as a discovery would. */
  setShared(provider: string, models: readonly (ModelInfo | string)[]): void {
    this.#shared.set(provider, models.map(toInfo));
    this.#changed();
  }

  /** What `provider` lists for a tenant holding `key`. */
  setKeyed(provider: string, key: string, models: readonly (ModelInfo | string)[]): void {
    this.#keyed.set(`${provider}\u0000${key}`, models.map(toInfo));
    this.#changed();
  }

  validScopedModels(query?: ModelQuery): readonly string[] {
    return this.listsOf(query, this.#shared, '');
  }

  modelInfo(scopedId: string): ScopedModelInfo | undefined {
    return infoIn(this.#shared, scopedId);
  }

  providerStatus(): ProviderStatus[] {
    return statusOf(this.#shared);
  }

  onChange(listener: ModelsChangeListener): () => void {
    const wrapped = (change: ModelsChange): void => void listener(change);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  /** A new view on every call, as cheap as the real one: nothing is fetched here. */
  forTenant(tenant: TenantIdentity): ModelCatalogReader {
    this.views++;
    const generation = (): number => this.#generation;
    const lists = (): Lists => {
      const merged = new Map(this.#shared);
      for (const [provider, key] of Object.entries(tenant.keys)) {
        const own = this.#keyed.get(`${provider}\u0000${key}`);
        if (own !== undefined) merged.set(provider, [...(merged.get(provider) ?? []), ...own]);
      }
      return merged;
    };
    const memoKey = `${tenant.id}\u0000${JSON.stringify(Object.entries(tenant.keys).sort())}`;
    return {
      separator: '/',
      get generation() {
        return generation();
      },
      validScopedModels: (query) => this.listsOf(query, lists(), memoKey),
      modelInfo: (scopedId) => infoIn(lists(), scopedId),
      providerStatus: () => statusOf(lists()),
      onChange: (listener) => this.onChange(listener),
    };
  }

  /** The list for `query` over `lists`; the same frozen array until the next change. */
  listsOf(query: ModelQuery | undefined, lists: Lists, owner: string): readonly string[] {
    if (this.#memoGeneration !== this.#generation) {
      this.#memo.clear();
      this.#memoGeneration = this.#generation;
    }
    const key = `${owner}\u0001${JSON.stringify(query ?? null)}`;
    let ids = this.#memo.get(key);
    if (ids === undefined) {
      ids = Object.freeze(select(lists, query).sort());
      this.#memo.set(key, ids);
    }
    return ids;
  }

  #changed(): void {
    this.#generation++;
    const change: ModelsChange = { added: [], removed: [], generation: this.#generation };
    for (const listener of [...this.#listeners]) listener(change);
  }
}

function toInfo(model: ModelInfo | string): ModelInfo {
  return typeof model === 'string' ? { id: model } : model;
}

function capabilitiesOf(model: ModelInfo): readonly string[] {
  return model.capabilities === undefined || model.capabilities.length === 0 ? ['chat'] : model.capabilities;
}

function select(lists: Lists, query: ModelQuery | undefined): string[] {
  const ids = new Set<string>();
  for (const [provider, models] of lists) {
    if (query?.providers !== undefined && !query.providers.includes(provider)) continue;
    for (const model of models) {
      const capabilities = capabilitiesOf(model);
      if (query?.capability !== undefined && !capabilities.includes(query.capability)) continue;
      if (query?.capabilities !== undefined && !query.capabilities.every((wanted) => capabilities.includes(wanted))) continue;
      if (query?.minContextWindow !== undefined && (model.contextWindow ?? 0) < query.minContextWindow) continue;
      ids.add(`${provider}/${model.id}`);
    }
  }
  return [...ids];
}

function infoIn(lists: Lists, scopedId: string): ScopedModelInfo | undefined {
  const slash = scopedId.indexOf('/');
  const provider = scopedId.slice(0, slash);
  const model = lists.get(provider)?.find((candidate) => candidate.id === scopedId.slice(slash + 1));
  if (slash < 1 || model === undefined) return undefined;
  const info: Record<string, unknown> = { id: scopedId, provider, model: model.id, capabilities: capabilitiesOf(model) };
  for (const fact of ['displayName', 'contextWindow', 'maxOutputTokens', 'inputModalities', 'outputModalities', 'pricing', 'deprecated'] as const) {
    if (model[fact] !== undefined) info[fact] = model[fact];
  }
  return Object.freeze(info as unknown as ScopedModelInfo);
}

function statusOf(lists: Lists): ProviderStatus[] {
  return [...lists].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, models]) => ({ name, state: 'ok', models: models.length, available: true }));
}
