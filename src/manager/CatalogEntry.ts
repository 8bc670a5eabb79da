import { createHash } from 'node:crypto';
import type { ModelInfo, ModelProvider } from '../providers/ModelProvider.js';
import type { EntryRef } from '../store/CatalogStore.js';
import type { ModelFilter } from './modelFilter.js';
import { toScopedId } from './scopedId.js';
import type { ProviderStatus, ScopedModelInfo } from './types.js';

/** Shared by every model with no capability data: one frozen array, not one per model. */
const CHAT_ONLY: readonly string[] = Object.freeze(['chat']);

/** What a replacement of a provider's list changed, in scoped ids. */
export interface EntryChange {
  added: string[];
  removed: string[];
  /** True when ids or what is known of them changed. */
  changed: boolean;
}

/** Everything the manager knows of one provider: its policy, its last good list and its status. */
export class CatalogEntry {
  readonly name: string;
  readonly provider: ModelProvider;
  /** Where this provider's list lives in the catalog store. */
  readonly ref: EntryRef;
  /** Enabled and not missing a credential. */
  readonly available: boolean;
  readonly unavailableReason: string | undefined;
  readonly #separator: string;
  readonly #filter: ModelFilter;
  readonly #pinned: readonly ModelInfo[];

  /** Sorted by scoped id in code-unit order, frozen. */
  sorted: readonly ScopedModelInfo[] = [];
  /** The scoped ids of `sorted`, in the same order, frozen. */
  scopedIds: readonly string[] = [];
  #byModel = new Map<string, ScopedModelInfo>();
  #fingerprint = '';

  /** The models as the provider gave them (before filters), for writing to the store. */
  fetchedModels: readonly ModelInfo[] = [];
  /** When the fetch behind the current list started (store clock); `undefined` before any. */
  fetchedAt: number | undefined;
  /** True when the current list could not be written to the store (it was down). */
  pendingWrite = false;
  /** True after an empty answer was held back: the next consecutive empty answer is committed. */
  emptyHeldBack = false;
  state: ProviderStatus['state'] = 'never';
  lastSuccessAt: Date | undefined;
  lastError: ProviderStatus['lastError'];

  constructor(options: {
    provider: ModelProvider;
    fingerprint: string;
    separator: string;
    filter: ModelFilter;
    pinned: readonly ModelInfo[];
    unavailableReason: string | undefined;
  }) {
    this.provider = options.provider;
    this.name = options.provider.name;
    this.ref = { provider: this.name, fingerprint: options.fingerprint };
    this.#separator = options.separator;
    this.#filter = options.filter;
    this.#pinned = options.pinned;
    this.unavailableReason = options.unavailableReason;
    this.available = options.unavailableReason === undefined;
  }

  modelInfo(modelId: string): ScopedModelInfo | undefined {
    return this.#byModel.get(modelId);
  }

  /** Replaces the list with the models that pass the filters, plus the pinned ones. */
  replaceModels(models: readonly ModelInfo[]): EntryChange {
    const byModel = new Map<string, ScopedModelInfo>();
    for (const model of [...models, ...this.#pinned]) {
      if (byModel.has(model.id) || !this.#filter(model.id)) continue;
      byModel.set(model.id, this.#scope(model));
    }
    const sorted = [...byModel.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // A hash, not the text: the text would cost as much memory as the list itself.
    const fingerprint = createHash('sha256').update(JSON.stringify(sorted)).digest('base64');
    const previous = new Set(this.scopedIds);
    const next = new Set(sorted.map((model) => model.id));
    const change: EntryChange = {
      added: [...next].filter((id) => !previous.has(id)),
      removed: [...previous].filter((id) => !next.has(id)),
      changed: fingerprint !== this.#fingerprint,
    };
    this.fetchedModels = models;
    this.#byModel = byModel;
    this.sorted = Object.freeze(sorted);
    this.scopedIds = Object.freeze(sorted.map((model) => model.id));
    this.#fingerprint = fingerprint;
    return change;
  }

  status(): ProviderStatus {
    const status: ProviderStatus = {
      name: this.name,
      state: this.state,
      models: this.available ? this.scopedIds.length : 0,
      available: this.available,
    };
    if (this.unavailableReason !== undefined) status.unavailableReason = this.unavailableReason;
    if (this.lastSuccessAt !== undefined) status.lastSuccessAt = this.lastSuccessAt;
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  #scope(model: ModelInfo): ScopedModelInfo {
    const scoped: { -readonly [K in keyof ScopedModelInfo]: ScopedModelInfo[K] } = {
      id: toScopedId(this.name, model.id, this.#separator),
      provider: this.name,
      model: model.id,
      capabilities:
        model.capabilities !== undefined && model.capabilities.length > 0 ? Object.freeze([...model.capabilities]) : CHAT_ONLY,
    };
    if (model.displayName !== undefined) scoped.displayName = model.displayName;
    if (model.contextWindow !== undefined) scoped.contextWindow = model.contextWindow;
    if (model.deprecated !== undefined) scoped.deprecated = model.deprecated;
    return Object.freeze(scoped);
  }
}
