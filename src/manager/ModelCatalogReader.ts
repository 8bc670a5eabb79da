import type { ModelsChange, ModelQuery, ProviderStatus, ScopedModelInfo } from './types.js';

/** Called after each change of the valid list; a returned promise is not awaited. */
export type ModelsChangeListener = (change: ModelsChange) => void | Promise<void>;

/**
 * The read side of a catalog: what the completer, the HTTP handlers and the CLI consume.
 * `ProviderManager` is one reader; a tenant's view is another. Reads never wait on the network.
 */
export interface ModelCatalogReader {
  /** Sorted, unique scoped ids; a repeated query returns the same frozen array until a change. */
  validScopedModels(query?: ModelQuery): readonly string[];
  /** What is known of one valid model, or `undefined`. */
  modelInfo(scopedId: string): ScopedModelInfo | undefined;
  /** Each provider's state; never holds a key. */
  providerStatus(): ProviderStatus[];
  /** Subscribes to changes of the valid list; returns the unsubscribe function. */
  onChange(listener: ModelsChangeListener): () => void;
  /** Grows by one with each change of the valid list. */
  readonly generation: number;
  /** Between provider and model in a scoped id: `/` unless configured. */
  readonly separator: string;
}
