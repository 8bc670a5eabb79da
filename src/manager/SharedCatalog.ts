import type { FactsCatalog } from '../facts/FactsCatalog.js';
import type { Logger } from '../logging/Logger.js';
import type { Clock } from '../time/Clock.js';
import type { ModelsChangeListener, TenantIdentity } from './ModelCatalogReader.js';
import type { StoreLink } from './StoreLink.js';
import type { TenantView } from './TenantView.js';
import type { ProviderStatus, ScopedModelInfo } from './types.js';

/** One provider's current list, read-only. Its arrays are replaced, never mutated, at each commit. */
export interface ProviderList {
  readonly name: string;
  /** Enabled and not missing a credential. */
  readonly available: boolean;
  /** Sorted by scoped id, frozen. */
  readonly sorted: readonly ScopedModelInfo[];
  /** The ids of `sorted`, in the same order, frozen. */
  readonly scopedIds: readonly string[];
  modelInfo(modelId: string): ScopedModelInfo | undefined;
  status(): ProviderStatus;
}

/**
 * What the manager lends to tenancy, the floor above it: its per-provider lists (in scoped-id
 * order), its change events, clock, logger and store. Tenancy composes these; it never reaches
 * into the manager otherwise.
 */
export interface SharedCatalog {
  readonly separator: string;
  /** The manager's generation: grows with each change of a shared list. */
  readonly generation: number;
  readonly lists: readonly ProviderList[];
  readonly clock: Clock;
  /** Keeps configured secrets out of what it writes. */
  readonly logger: Logger;
  /** The manager's store, reached through its outage-aware link. */
  readonly link: StoreLink;
  /** The bundled facts catalog the manager fills its lists from, unless turned off. */
  readonly factsCatalog: FactsCatalog | undefined;
  onChange(listener: ModelsChangeListener): () => void;
  /** Resolves once the manager has first loaded its store. */
  ready(): Promise<void>;
}

/** Tenant views over one manager's lists: what `manager.forTenant` delegates to. */
export interface TenantViews {
  forTenant(tenant: TenantIdentity): TenantView;
  /** Stops fetches in flight; the views answer with what they hold afterwards. */
  close(): Promise<void>;
}

/** Builds the tenant views of a manager, once, on its first `forTenant` call. Bound under `TYPES.TenantViewsFactory`. */
export type TenantViewsFactory = (shared: SharedCatalog) => TenantViews;
