import { createHash } from 'node:crypto';
import { FactInterner } from '../facts/FactInterner.js';
import { lookupFacts, type CatalogProvider } from '../facts/FactsCatalog.js';
import type { ModelInfo, ModelProvider } from '../providers/ModelProvider.js';
import type { EntryRef } from '../store/CatalogStore.js';
import type { ModelFilter } from './modelFilter.js';
import { toScopedId } from './scopedId.js';
import { factSources } from './factSources.js';
import type { FactSource, ModelFactName, ProviderStatus, ScopedModelInfo } from './types.js';

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
  /** This provider's models in the bundled (or fetched) catalog; `undefined` when it has none. */
  readonly #catalog: CatalogProvider | undefined;

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
    /** The catalog's facts for this provider's models, when the catalog is on and knows it. */
    catalog?: CatalogProvider | undefined;
  }) {
    this.provider = options.provider;
    this.name = options.provider.name;
    this.ref = { provider: this.name, fingerprint: options.fingerprint };
    this.#separator = options.separator;
    this.#filter = options.filter;
    this.#pinned = options.pinned;
    this.#catalog = options.catalog;
    this.unavailableReason = options.unavailableReason;
    this.available = options.unavailableReason === undefined;
  }

  modelInfo(modelId: string): ScopedModelInfo | undefined {
    return this.#byModel.get(modelId);
  }

  /** Replaces the list with the models that pass the filters, plus the pinned ones. */
  replaceModels(models: readonly ModelInfo[]): EntryChange {
    const byModel = new Map<string, ScopedModelInfo>();
    // Capability and alias lists are shared between this list's models, not copied per model.
    const interner = new FactInterner();
    for (const model of [...models, ...this.#pinned]) {
      if (byModel.has(model.id) || !this.#filter(model.id)) continue;
      byModel.set(model.id, this.#scope(model, interner));
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

  /** The model's facts: the provider's own first, then the catalog's ("typical"); shared objects only. */
  #scope(model: ModelInfo, interner: FactInterner): ScopedModelInfo {
    const typical = lookupFacts(this.#catalog, model.id, model.aliases);
    const sources: Partial<Record<ModelFactName, FactSource>> = {};
    const scoped: { -readonly [K in keyof ScopedModelInfo]: ScopedModelInfo[K] } = {
      id: toScopedId(this.name, model.id, this.#separator),
      provider: this.name,
      model: model.id,
      capabilities: capabilitiesOf(model, typical?.capabilities, interner, sources),
    };
    if (model.displayName !== undefined) scoped.displayName = model.displayName;
    const pick = <K extends FactName>(name: K): void => {
      const own = model[name];
      const value = own ?? typical?.[name];
      if (value === undefined) return;
      (scoped as Record<K, unknown>)[name] = value;
      sources[name] = own === undefined ? 'catalog' : 'provider';
    };
    for (const name of FACT_NAMES) pick(name);
    if (model.deprecated !== undefined) scoped.deprecated = model.deprecated;
    if (model.aliases !== undefined && model.aliases.length > 0) scoped.aliases = interner.list(model.aliases);
    const shared = factSources(sources);
    if (shared !== undefined) scoped.sources = shared;
    return Object.freeze(scoped);
  }
}

/** The facts taken from the provider's answer, else from the catalog, one by one. */
type FactName = Exclude<ModelFactName, 'capabilities'>;
const FACT_NAMES: readonly FactName[] = [
  'contextWindow',
  'maxOutputTokens',
  'inputModalities',
  'outputModalities',
  'pricing',
  'releaseDate',
  'knowledgeCutoff',
];

/**
 * The provider's capabilities (none known: `chat`), plus those the catalog vouches for
 * (`vision`, `tools`, `reasoning`); records where they came from in `sources`.
 */
function capabilitiesOf(
  model: ModelInfo,
  typical: readonly string[] | undefined,
  interner: FactInterner,
  sources: Partial<Record<ModelFactName, FactSource>>,
): readonly string[] {
  const own = model.capabilities !== undefined && model.capabilities.length > 0 ? model.capabilities : undefined;
  const base = own ?? CHAT_ONLY;
  const added = typical?.filter((capability) => !base.includes(capability)) ?? [];
  if (added.length > 0) {
    sources.capabilities = 'catalog';
    return interner.list([...base, ...added]);
  }
  if (own === undefined) return CHAT_ONLY;
  sources.capabilities = 'provider';
  return interner.list(own);
}
