import type { ModelCatalogReader, ModelsChangeListener, TenantAwareCatalog, TenantIdentity } from './ModelCatalogReader.js';
import { inject, injectable, multiInject, optional } from 'inversify';
import type { ModelCache } from '../cache/ModelCache.js';
import type { ScopedModelsConfig } from '../config/schema.js';
import { redact } from '../config/Secret.js';
import { ProviderError } from '../errors/ProviderError.js';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { UnknownProviderError } from '../errors/UnknownProviderError.js';
import { bundledFactsCatalog } from '../facts/bundledFactsCatalog.js';
import type { FactsCatalog } from '../facts/FactsCatalog.js';
import { silentLogger, type Logger } from '../logging/Logger.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import type { CatalogStore, InvalidationBus, StoredEntry } from '../store/CatalogStore.js';
import { MemoryCatalogStore } from '../store/MemoryCatalogStore.js';
import { systemClock, type Clock } from '../time/Clock.js';
import { TYPES } from '../tokens.js';
import { CatalogEntry, type EntryChange } from './CatalogEntry.js';
import { CatalogSync } from './CatalogSync.js';
import { DiscoveryEvents } from './DiscoveryEvents.js';
import type { CacheStats, DiscoveryObserver, ObservableCatalog } from './DiscoveryObserver.js';
import { configSecrets } from './configSecrets.js';
import { createCatalogEntries } from './createCatalogEntries.js';
import { normalizeModels } from '../providers/normalizeModels.js';
import { ALL_MODELS_KEY, queryKey } from './queryKey.js';
import { buildValidList } from './buildValidList.js';
import type { SharedCatalog, TenantViews, TenantViewsFactory } from './SharedCatalog.js';
import type { TenantView } from './TenantView.js';
import { splitScopedId } from './scopedId.js';
import { SharedFetch } from './SharedFetch.js';
import { ABANDONED, SharedTask, untilAborted } from './SharedTask.js';
import { StoreLink } from './StoreLink.js';
import type {
  DiscoveryReport,
  ModelQuery,
  ModelsChange,
  ProviderReport,
  ProviderStatus,
  ScopedModelInfo,
} from './types.js';

/** Options of a discovery. */
export interface DiscoverOptions {
  /** Stops waiting (rejecting with the signal's reason) when it aborts; what was committed stays. */
  signal?: AbortSignal;
  /**
   * Commits an empty answer at once. By default an empty answer after a non-empty list is held
   * back once (the last list stays and the report says so); a second one in a row is committed.
   */
  acceptEmpty?: boolean;
}

export type { ModelsChangeListener };

/**
 * Keeps every provider's last good model list and answers, from the injected
 * {@link ModelCache}, which scoped model ids can be picked right now.
 *
 * Reads never wait: `validScopedModels()` is synchronous and reads through the cache.
 * `discoverModels()` asks the providers in parallel and commits each answer as it arrives;
 * it invalidates the cache when it starts and at every commit, so a list read while a
 * discovery is in flight can never stay cached after it. With a shared {@link CatalogStore}
 * (Redis), one instance at a time fetches a provider and every instance adopts its commit.
 */
@injectable()
export class ProviderManager implements ModelCatalogReader, TenantAwareCatalog, ObservableCatalog {
  readonly #cache: ModelCache;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #separator: string;
  readonly #discovery: ScopedModelsConfig['discovery'];
  readonly #secrets: string[];
  /** Ordered by `name + separator`, so concatenating their sorted lists is itself sorted. */
  readonly #entries: CatalogEntry[];
  readonly #byName: Map<string, CatalogEntry>;
  readonly #flights = new Map<string, SharedTask<ProviderReport>>();
  readonly #listeners = new Set<ModelsChangeListener>();
  readonly #sync: CatalogSync;
  readonly #fetcher: SharedFetch;
  readonly #ready: Promise<void>;
  readonly #link: StoreLink;
  readonly #tenantViewsFactory: TenantViewsFactory | undefined;
  #tenantViews: TenantViews | undefined;
  readonly #factsCatalog: FactsCatalog | undefined;
  readonly #events: DiscoveryEvents;
  #generation = 0;
  #discoveries = 0;
  #fetches = 0;
  /** Cache hits and builds of `validScopedModels`: plain integers, read only when metrics are scraped. */
  #hits = 0;
  #builds = 0;

  // Optional parameters carry no default values: Stryker's instrumenter drops the decorators
  // of a parameter with a default, so the mutated build would inject nothing.
  constructor(
    @inject(TYPES.Config) config: ScopedModelsConfig,
    @inject(TYPES.ModelCache) cache: ModelCache,
    @multiInject(TYPES.ModelProvider) @optional() providers?: readonly ModelProvider[],
    @inject(TYPES.Clock) @optional() clock?: Clock,
    @inject(TYPES.Logger) @optional() logger?: Logger,
    @inject(TYPES.CatalogStore) @optional() store?: CatalogStore,
    @inject(TYPES.InvalidationBus) @optional() bus?: InvalidationBus,
    @inject(TYPES.TenantViewsFactory) @optional() tenantViews?: TenantViewsFactory,
    @inject(TYPES.FactsCatalog) @optional() facts?: FactsCatalog,
    @inject(TYPES.DiscoveryEvents) @optional() events?: DiscoveryEvents,
  ) {
    clock ??= systemClock;
    logger ??= silentLogger;
    this.#events = events ?? new DiscoveryEvents();
    this.#cache = cache;
    this.#clock = clock;
    this.#separator = config.separator;
    this.#discovery = config.discovery;
    this.#secrets = configSecrets(config);
    this.#logger = { warn: (m) => logger.warn(this.#redact(m)), info: (m) => logger.info(this.#redact(m)) };
    // The catalog is on unless the config says `metadata: { catalog: false }`.
    this.#factsCatalog = config.metadata?.catalog === false ? undefined : (facts ?? bundledFactsCatalog());
    this.#entries = createCatalogEntries(config, providers ?? [], this.#factsCatalog);
    this.#byName = new Map(this.#entries.map((entry) => [entry.name, entry]));
    this.#tenantViewsFactory = tenantViews;
    const link = new StoreLink(store ?? new MemoryCatalogStore(clock), this.#logger, () => void this.#sync.reload());
    this.#link = link;
    const apply = (entry: CatalogEntry, stored: StoredEntry, checked = false): void => this.#apply(entry, stored, checked);
    this.#sync = new CatalogSync({
      link,
      bus,
      clock,
      entries: this.#entries,
      pollMs: config.store?.pollMs ?? 5_000,
      refreshIntervalMs: config.discovery.refreshIntervalMs,
      apply,
      refresh: (entry) => this.#discoverOne(entry, undefined, true),
      isFetching: (entry) => this.#flights.has(entry.name),
      events: this.#events,
    });
    this.#fetcher = new SharedFetch({
      link,
      sync: this.#sync,
      clock,
      lockMs: config.discovery.timeoutMs,
      refreshIntervalMs: config.discovery.refreshIntervalMs,
      apply,
    });
    this.#ready = this.#sync.start();
  }

  /** Resolves once the store has first been loaded (never rejects: an unreachable store is logged). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /**
   * The scoped ids that can be picked now: sorted in code-unit order, unique, only from
   * available providers, after their filters. A cache hit returns the very same frozen array.
   * @example manager.validScopedModels({ capability: 'chat' }) // ['anthropic/claude-sonnet-4-5', …]
   */
  validScopedModels(query?: ModelQuery): readonly string[] {
    if (query === undefined) {
      // The hot path: a constant key, no allocation on a hit. Counted inside the hit branch, with
      // the query path out of line: so measured no slower than before counting (bench/scenarios/hit.js).
      const hit = this.#cache.get(ALL_MODELS_KEY);
      if (hit !== null) {
        this.#hits++;
        return hit;
      }
      return this.#store(ALL_MODELS_KEY, buildValidList(this.#entries, undefined));
    }
    return this.#validForQuery(query);
  }

  /** The path with a query, out of line so the no-query hit stays small enough to inline. */
  #validForQuery(query: ModelQuery): readonly string[] {
    const key = queryKey(query);
    const hit = this.#cache.get(key);
    if (hit !== null) {
      this.#hits++;
      return hit;
    }
    return this.#store(key, buildValidList(this.#entries, query));
  }

  /**
   * Asks providers for their models (all of them, or those named), in parallel, each bounded by
   * `discovery.timeoutMs`. Concurrent calls share one request per provider. A failure keeps the
   * provider's last good list. Resolves with a report even when every provider fails.
   * @throws {UnknownProviderError} for names that are not configured.
   */
  async discoverModels(providers?: readonly string[], options: DiscoverOptions = {}): Promise<DiscoveryReport> {
    const { signal, acceptEmpty = false } = options;
    signal?.throwIfAborted();
    const selected = this.#select(providers);
    const id = ++this.#discoveries;
    this.#events.discoveryStarted({ id, providers: selected.map((entry) => entry.name) });
    const startedAt = this.#clock.now();
    this.#cache.invalidate();
    try {
      const reports = await Promise.all(selected.map((entry) => this.#discoverOne(entry, signal, false, acceptEmpty, id)));
      const report = { startedAt: new Date(startedAt), durationMs: this.#clock.now() - startedAt, providers: reports };
      this.#events.discoveryFinished({ id, report });
      return report;
    } catch (error) {
      this.#events.discoveryFinished({ id, error });
      throw error;
    }
  }

  /** Adds an observer of discoveries, fetches and store events (metrics, traces); returns the function that removes it. */
  observe(observer: DiscoveryObserver): () => void {
    return this.#events.observe(observer);
  }

  /** How often `validScopedModels` was answered from the cache, and how often it built the list. */
  cacheStats(): CacheStats {
    return { hits: this.#hits, misses: this.#builds };
  }

  /** What is known of one valid model, or `undefined` when it is not valid now. */
  modelInfo(scopedId: string): ScopedModelInfo | undefined {
    const parts = splitScopedId(scopedId, this.#separator);
    if (parts === undefined) return undefined;
    const entry = this.#byName.get(parts.provider);
    return entry?.available === true ? entry.modelInfo(parts.model) : undefined;
  }

  /** Each provider's state, model count, last success and last error, in scoped-id order. */
  providerStatus(): ProviderStatus[] {
    return this.#entries.map((entry) => entry.status());
  }

  /** The configured provider names, in scoped-id order. */
  providerNames(): string[] {
    return this.#entries.map((entry) => entry.name);
  }

  /** The catalog that fills the facts providers do not send (its `date`, `source`); `undefined` when turned off. */
  get factsCatalog(): FactsCatalog | undefined {
    return this.#factsCatalog;
  }

  /** The separator between provider and model in a scoped id. */
  get separator(): string {
    return this.#separator;
  }

  /** Grows by one with every change of the valid list or of what is known of it. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Calls `listener` after every commit that changed the valid list or what is known of its
   * models. A listener that throws or rejects affects nothing else. Returns an unsubscribe function.
   */
  onChange(listener: ModelsChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * What `tenant` may pick: the shared lists plus the lists of the keys it brings, per each
   * provider's `tenantKeys` (see docs/tenants.md). Synchronous and cheap: call it per request.
   * @throws {ScopedModelsError} `tenants_unavailable` when the manager was built without tenant
   * support (`createContainer` binds it; by hand, pass `tenantViewsFactory(…)` as the last argument).
   * @example manager.forTenant({ id: 'team-42', keys: { openai: 'sk-…' } }).validScopedModels()
   */
  forTenant(tenant: TenantIdentity): TenantView {
    if (this.#tenantViews === undefined) {
      if (this.#tenantViewsFactory === undefined) {
        throw new ScopedModelsError(
          'tenants_unavailable',
          'this manager was built without tenant support; build it with createContainer, or pass tenantViewsFactory(…) as its last constructor argument',
        );
      }
      this.#tenantViews = this.#tenantViewsFactory(this.#sharedCatalog());
    }
    return this.#tenantViews.forTenant(tenant);
  }

  /**
   * Stops every discovery in flight (releasing its store lock), stops the timers, and closes the
   * store and the bus. The container calls it on deactivation.
   */
  async close(): Promise<void> {
    // First, so that no timer starts a refresh while the fetches below finish.
    this.#sync.stop();
    for (const flight of [...this.#flights.values()]) flight.abort();
    // An aborted fetch reports at once but lets go of its store lock a round trip later: wait for that before the store closes.
    await Promise.all([this.#fetcher.idle(), this.#tenantViews?.close()]);
    await this.#sync.close();
  }

  /** What tenancy composes: the lists, change events, clock, logger and store, read-only. */
  #sharedCatalog(): SharedCatalog {
    const generation = (): number => this.#generation;
    return {
      separator: this.#separator,
      // A getter, so tenancy reads the live count.
      get generation() {
        return generation();
      },
      lists: this.#entries,
      clock: this.#clock,
      logger: this.#logger,
      link: this.#link,
      factsCatalog: this.#factsCatalog,
      onChange: (listener) => this.onChange(listener),
      ready: () => this.ready(),
    };
  }

  #store(key: string, models: readonly string[]): readonly string[] {
    this.#builds++;
    // Builds are synchronous, so a list stored here always reflects the latest commit;
    // every commit invalidates, so no older list can outlive one.
    this.#cache.set(key, models);
    return models;
  }

  #select(names: readonly string[] | undefined): CatalogEntry[] {
    if (names === undefined) return this.#entries;
    const unique = [...new Set(names)];
    const unknown = unique.filter((name) => !this.#byName.has(name));
    if (unknown.length > 0) throw new UnknownProviderError(unknown, this.providerNames());
    return unique.map((name) => this.#byName.get(name) as CatalogEntry);
  }

  #discoverOne(entry: CatalogEntry, signal: AbortSignal | undefined, background: boolean, acceptEmpty = false, discovery?: number): Promise<ProviderReport> {
    const { unavailableReason } = entry;
    if (unavailableReason !== undefined) {
      return Promise.resolve(this.#report(entry, 'skipped', 0, [], [], 0, { code: 'unavailable', message: unavailableReason }));
    }
    let flight = this.#flights.get(entry.name);
    if (flight === undefined || flight.abandoned) {
      const task: SharedTask<ProviderReport> = new SharedTask((taskSignal) =>
        this.#observedFetch(entry, taskSignal, background, acceptEmpty, discovery).finally(() => {
          if (this.#flights.get(entry.name) === task) this.#flights.delete(entry.name);
        }),
      );
      this.#flights.set(entry.name, task);
      flight = task;
    }
    return flight.join(signal);
  }

  async #observedFetch(entry: CatalogEntry, abandon: AbortSignal, background: boolean, acceptEmpty: boolean, discovery: number | undefined): Promise<ProviderReport> {
    const id = ++this.#fetches;
    this.#events.fetchStarted({ id, provider: entry.name, discovery });
    const report = await this.#fetch(entry, abandon, background, acceptEmpty);
    this.#events.fetchFinished({ id, provider: entry.name, discovery, report });
    return report;
  }

  /** One provider's whole discovery within its deadline: never rejects, always a report. */
  async #fetch(entry: CatalogEntry, abandon: AbortSignal, background: boolean, acceptEmpty: boolean): Promise<ProviderReport> {
    const started = this.#clock.now();
    const { timeoutMs } = this.#discovery;
    const deadline = new AbortController();
    const cancelTimer = this.#clock.setTimer(() => {
      deadline.abort(
        new ProviderError(entry.name, 'timeout', `no answer within ${timeoutMs} ms; raise discovery.timeoutMs or check that the provider is reachable`),
      );
    }, timeoutMs, { keepAlive: true });
    const signal = AbortSignal.any([abandon, deadline.signal]);
    // Added and removed are measured against the list at the start, however it was replaced
    // meanwhile (our fetch, another instance's commit, a reload).
    const before = entry.scopedIds;
    try {
      const { invalid } = await untilAborted(this.#fetcher.fetch(entry, signal, background, acceptEmpty), signal);
      const { added, removed } = difference(before, entry.scopedIds);
      return this.#report(entry, 'ok', invalid, added, removed, this.#since(started));
    } catch (error) {
      if (abandon.aborted && abandon.reason === ABANDONED) {
        return this.#report(entry, 'failed', 0, [], [], this.#since(started), {
          code: 'aborted',
          message: `${entry.name}: discovery was aborted`,
        });
      }
      const failure = this.#describeFailure(entry, deadline.signal.aborted ? deadline.signal.reason : error);
      entry.state = 'failed';
      entry.lastError = { ...failure, at: new Date(this.#clock.now()) };
      return this.#report(entry, 'failed', 0, [], [], this.#since(started), failure);
    } finally {
      cancelTimer();
    }
  }

  /** Makes a stored list the provider's current one: invalidates the cache, tells listeners. */
  #apply(entry: CatalogEntry, stored: StoredEntry, checked: boolean): void {
    // A stored list may come from another instance or a file: it is checked like a fetched one.
    // Our own fetch was checked already; checking it again would keep a second copy of it.
    const change = entry.replaceModels(checked ? stored.models : normalizeModels(stored.models).models);
    entry.fetchedAt = stored.fetchedAt;
    entry.state = 'ok';
    entry.lastSuccessAt = new Date(stored.fetchedAt);
    this.#cache.invalidate();
    if (change.changed && entry.available) this.#emitChange(change);
  }

  #emitChange(change: EntryChange): void {
    this.#generation++;
    const event: ModelsChange = { added: change.added, removed: change.removed, generation: this.#generation };
    for (const listener of [...this.#listeners]) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.#listenerFailed(error));
      } catch (error) {
        this.#listenerFailed(error);
      }
    }
  }

  #listenerFailed(error: unknown): void {
    this.#logger.warn(`an onChange listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  #describeFailure(entry: CatalogEntry, error: unknown): Failure {
    if (error instanceof ProviderError && error.retryAfterMs !== undefined) {
      return { code: error.code, message: this.#redact(error.message), retryAfterMs: error.retryAfterMs };
    }
    if (ScopedModelsError.is(error)) return { code: error.code, message: this.#redact(error.message) };
    const detail = error instanceof Error ? error.message : String(error);
    return { code: 'failed', message: this.#redact(`${entry.name}: listing models failed: ${detail}`) };
  }

  #redact(text: string): string {
    return redact(text, this.#secrets);
  }

  #since(started: number): number {
    return this.#clock.now() - started;
  }

  #report(
    entry: CatalogEntry,
    status: ProviderReport['status'],
    invalid: number,
    added: string[],
    removed: string[],
    durationMs: number,
    failure?: Failure,
  ): ProviderReport {
    const report: ProviderReport = {
      name: entry.name,
      status,
      models: entry.available ? entry.scopedIds.length : 0,
      invalid,
      durationMs,
      added,
      removed,
    };
    if (failure !== undefined) {
      report.code = failure.code;
      report.error = failure.message;
      if (failure.retryAfterMs !== undefined) report.retryAfterMs = failure.retryAfterMs;
    }
    return report;
  }

}

/** Why a provider's discovery failed, as its report and status carry it. */
interface Failure {
  code: string;
  message: string;
  retryAfterMs?: number;
}

/** The ids of `after` not in `before`, and of `before` not in `after`. */
function difference(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const old = new Set(before);
  const now = new Set(after);
  return { added: after.filter((id) => !old.has(id)), removed: before.filter((id) => !now.has(id)) };
}
