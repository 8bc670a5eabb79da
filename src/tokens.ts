/**
 * The inversify service identifiers. Symbols are untyped in inversify, so every lookup
 * names its type: `container.get<ProviderManager>(TYPES.ProviderManager)`.
 */
export const TYPES = {
  /** The validated configuration (`ScopedModelsConfig`). */
  Config: Symbol.for('scoped-models.Config'),
  /** The `ModelCache` strategy; a singleton per container. */
  ModelCache: Symbol.for('scoped-models.ModelCache'),
  /** Every `ModelProvider`; multi-bound, so users add their own with `bind`. */
  ModelProvider: Symbol.for('scoped-models.ModelProvider'),
  /** The `ProviderManager`; a singleton per container. */
  ProviderManager: Symbol.for('scoped-models.ProviderManager'),
  /** The `ModelCommandCompleter` for `/model <Tab>`; a singleton over the manager, chat models only. */
  ModelCommandCompleter: Symbol.for('scoped-models.ModelCommandCompleter'),
  /** The `Clock`. */
  Clock: Symbol.for('scoped-models.Clock'),
  /** The `CatalogStore` holding the last good lists (memory, file or Redis). */
  CatalogStore: Symbol.for('scoped-models.CatalogStore'),
  /** The `InvalidationBus` that tells other instances of a commit (Redis pub/sub). */
  InvalidationBus: Symbol.for('scoped-models.InvalidationBus'),
  /** The `Logger`. */
  Logger: Symbol.for('scoped-models.Logger'),
  /** The `TenantViewsFactory` behind `manager.forTenant`; the container binds one built from the config. */
  TenantViewsFactory: Symbol.for('scoped-models.TenantViewsFactory'),
  /** The HTTP handler of `createModelsHandler`; a singleton, its admin token from `config.serve.adminTokenEnv`. */
  ModelsHandler: Symbol.for('scoped-models.ModelsHandler'),
  /** The `FactsCatalog` of model facts (bundled, or fetched by `catalog update` when newer); optional. */
  FactsCatalog: Symbol.for('scoped-models.FactsCatalog'),
  /** The `DiscoveryEvents` the manager tells its observers through (metrics, traces); shared with the providers' `onRetry`. */
  DiscoveryEvents: Symbol.for('scoped-models.DiscoveryEvents'),
} as const;
