import type { DiscoveryReport, ProviderReport } from './types.js';

/** A `discoverModels()` call starting. */
export interface DiscoveryStarted {
  /** Grows by one per call on one manager; names the discovery in the events that follow. */
  id: number;
  /** The providers it asks, in scoped-id order. */
  providers: readonly string[];
}

/** A `discoverModels()` call finishing: with its report, or rejected (an aborted signal). */
export interface DiscoveryFinished {
  id: number;
  report?: DiscoveryReport | undefined;
  error?: unknown;
}

/** One provider's fetch (single flight: concurrent discoveries share it) starting. */
export interface FetchStarted {
  /** Grows by one per fetch on one manager; names the fetch in its `fetchFinished`. */
  id: number;
  provider: string;
  /** The discovery that started it; `undefined` for a background refresh. */
  discovery: number | undefined;
}

/** One provider's fetch finishing; `report.error` is already free of secrets. */
export interface FetchFinished extends FetchStarted {
  report: ProviderReport;
  /** HTTP retries the adapter made during this fetch (0 when nobody reports them). */
  retries: number;
}

/** How often the manager's cache answered a read (`hits`) or had to build the list (`misses`). */
export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * Watches a manager from outside: metrics and traces. Every method is optional and is called
 * synchronously; one that throws is ignored. None receives a key.
 */
export interface DiscoveryObserver {
  discoveryStarted?(event: DiscoveryStarted): void;
  discoveryFinished?(event: DiscoveryFinished): void;
  fetchStarted?(event: FetchStarted): void;
  fetchFinished?(event: FetchFinished): void;
  /** The manager loaded its store (at start, on a new generation, after an outage); `ok` false when it could not. */
  storeReloaded?(event: { ok: boolean }): void;
  /** The invalidation bus's subscription came back after a drop (the first subscription is not counted). */
  busReconnected?(): void;
}

/** A catalog that can be watched: `ProviderManager` is one. */
export interface ObservableCatalog {
  /** Adds `observer`; returns the function that removes it. */
  observe(observer: DiscoveryObserver): () => void;
  /** Counts since the start, read when asked (counting costs the read path one increment). */
  cacheStats(): CacheStats;
}

/** True when `catalog` can be watched (a tenant view, say, may not). */
export function isObservableCatalog(catalog: object): catalog is ObservableCatalog {
  const candidate = catalog as Partial<ObservableCatalog>;
  return typeof candidate.observe === 'function' && typeof candidate.cacheStats === 'function';
}
