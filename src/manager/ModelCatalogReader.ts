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

/** Who is asking, for per-tenant views: an id and the provider keys the tenant brings (provider name → key). */
export interface TenantIdentity {
  /** The application's own id for the user or team; never shown to another tenant. */
  readonly id: string;
  /** Provider name → API key. Keys are never stored: they are fingerprinted on arrival. */
  readonly keys: Readonly<Record<string, string>>;
}

/** A catalog that can answer for one tenant: `ProviderManager` is one. */
export interface TenantAwareCatalog {
  /** A synchronous, cheap view of what `tenant` may pick; see `TenantView`. */
  forTenant(tenant: TenantIdentity): ModelCatalogReader;
}
