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
  /** The `Clock`. */
  Clock: Symbol.for('scoped-models.Clock'),
  /** The `Logger`. */
  Logger: Symbol.for('scoped-models.Logger'),
} as const;
