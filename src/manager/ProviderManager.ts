import { inject, injectable, multiInject, optional } from 'inversify';
import type { ModelCache } from '../cache/ModelCache.js';
import type { ScopedModelsConfig } from '../config/schema.js';
import { redact } from '../config/Secret.js';
import { ProviderError } from '../errors/ProviderError.js';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { UnknownProviderError } from '../errors/UnknownProviderError.js';
import { silentLogger, type Logger } from '../logging/Logger.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import type { CatalogStore, InvalidationBus, StoredEntry } from '../store/CatalogStore.js';
import { MemoryCatalogStore } from '../store/MemoryCatalogStore.js';
import { systemClock, type Clock } from '../time/Clock.js';
import { TYPES } from '../tokens.js';
import { CatalogEntry, type EntryChange } from './CatalogEntry.js';
import { providerFingerprint } from './fingerprint.js';
import { compileModelFilter } from './modelFilter.js';
import { normalizeModels } from './normalizeModels.js';
import { ALL_MODELS_KEY, queryKey } from './queryKey.js';
import { splitScopedId } from './scopedId.js';
import { ABANDONED, SharedTask, untilAborted } from './SharedTask.js';
import { StoreLink, UNAVAILABLE } from './StoreLink.js';
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
}

/** Called after a commit that changed the valid list or what is known of its models. */
export type ModelsChangeListener = (change: ModelsChange) => void | Promise<void>;

/** How often a waiter checks whether another instance's fetch lock is still held. */
const LOCK_CHECK_MS = 100;

interface FetchOutcome {
  /** Entries the provider sent that were dropped as malformed. */
  invalid: number;
}

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
export class ProviderManager {
  readonly #cache: ModelCache;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #separator: string;
  readonly #discovery: ScopedModelsConfig['discovery'];
  readonly #pollMs: number;
  readonly #secrets: string[];
  /** Ordered by `name + separator`, so concatenating their sorted lists is itself sorted. */
  readonly #entries: CatalogEntry[];
  readonly #byName: Map<string, CatalogEntry>;
  readonly #flights = new Map<string, SharedTask<ProviderReport>>();
  readonly #listeners = new Set<ModelsChangeListener>();
  readonly #link: StoreLink;
  readonly #bus: InvalidationBus | undefined;
  /** Resolved by any message from the bus, so lock waiters look again at once. */
  readonly #nudges = new Set<() => void>();
  readonly #timers = new Set<() => void>();
  readonly #ready: Promise<void>;
  #generation = 0;
  #loadedGeneration: string | undefined;
  #reloading: Promise<void> | undefined;
  #reloadAgain = false;
  #closed = false;

  constructor(
    @inject(TYPES.Config) config: ScopedModelsConfig,
    @inject(TYPES.ModelCache) cache: ModelCache,
    @multiInject(TYPES.ModelProvider) @optional() providers: readonly ModelProvider[] | undefined = [],
    @inject(TYPES.Clock) @optional() clock: Clock | undefined = systemClock,
    @inject(TYPES.Logger) @optional() logger: Logger | undefined = silentLogger,
    @inject(TYPES.CatalogStore) @optional() store: CatalogStore | undefined = undefined,
    @inject(TYPES.InvalidationBus) @optional() bus: InvalidationBus | undefined = undefined,
  ) {
    this.#cache = cache;
    this.#clock = clock;
    this.#separator = config.separator;
    this.#discovery = config.discovery;
    this.#pollMs = config.store?.pollMs ?? 5_000;
    this.#secrets = [
      ...config.providers.flatMap((provider) => [
        ...(provider.apiKey === undefined ? [] : [provider.apiKey.reveal()]),
        ...Object.values(provider.headers ?? {}).map((value) => value.reveal()),
      ]),
      ...(config.store?.url === undefined ? [] : urlCredentials(config.store.url.reveal())),
    ];
    this.#logger = { warn: (m) => logger.warn(this.#redact(m)), info: (m) => logger.info(this.#redact(m)) };
    this.#entries = this.#createEntries(config, providers);
    this.#byName = new Map(this.#entries.map((entry) => [entry.name, entry]));
    this.#link = new StoreLink(store ?? new MemoryCatalogStore(clock), this.#logger, () => void this.#reload());
    this.#bus = bus;
    this.#ready = this.#reload();
    this.#startWatching();
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
      // The hot path: a constant key, no allocation on a hit.
      return this.#cache.get(ALL_MODELS_KEY) ?? this.#store(ALL_MODELS_KEY, this.#build(undefined, undefined));
    }
    const key = queryKey(query);
    return (
      this.#cache.get(key) ??
      this.#store(key, this.#build(query.providers === undefined ? undefined : new Set(query.providers), query.capability?.toLowerCase()))
    );
  }

  /**
   * Asks providers for their models (all of them, or those named), in parallel, each bounded by
   * `discovery.timeoutMs`. Concurrent calls share one request per provider. A failure keeps the
   * provider's last good list. Resolves with a report even when every provider fails.
   * @throws {UnknownProviderError} for names that are not configured.
   */
  async discoverModels(providers?: readonly string[], options: DiscoverOptions = {}): Promise<DiscoveryReport> {
    const { signal } = options;
    signal?.throwIfAborted();
    const selected = this.#select(providers);
    const startedAt = this.#clock.now();
    this.#cache.invalidate();
    const reports = await Promise.all(selected.map((entry) => this.#discoverOne(entry, signal, false)));
    return { startedAt: new Date(startedAt), durationMs: this.#clock.now() - startedAt, providers: reports };
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

  /** Stops timers and closes the store and the bus. The container calls it on deactivation. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
    await Promise.allSettled([this.#bus?.close(), this.#link.store.close()]);
  }

  #store(key: string, models: readonly string[]): readonly string[] {
    // Builds are synchronous, so a list stored here always reflects the latest commit;
    // every commit invalidates, so no older list can outlive one.
    this.#cache.set(key, models);
    return models;
  }

  #build(providers: ReadonlySet<string> | undefined, capability: string | undefined): readonly string[] {
    const models: string[] = [];
    for (const entry of this.#entries) {
      if (!entry.available || (providers !== undefined && !providers.has(entry.name))) continue;
      if (capability === undefined) {
        for (const id of entry.scopedIds) models.push(id);
      } else {
        for (const model of entry.sorted) if (model.capabilities.includes(capability)) models.push(model.id);
      }
    }
    return Object.freeze(models);
  }

  #select(names: readonly string[] | undefined): CatalogEntry[] {
    if (names === undefined) return this.#entries;
    const unique = [...new Set(names)];
    const unknown = unique.filter((name) => !this.#byName.has(name));
    if (unknown.length > 0) throw new UnknownProviderError(unknown, this.providerNames());
    return unique.map((name) => this.#byName.get(name) as CatalogEntry);
  }

  #discoverOne(entry: CatalogEntry, signal: AbortSignal | undefined, background: boolean): Promise<ProviderReport> {
    if (!entry.available) {
      return Promise.resolve(
        this.#report(entry, 'skipped', 0, [], [], 0, { code: 'unavailable', message: entry.unavailableReason ?? 'unavailable' }),
      );
    }
    let flight = this.#flights.get(entry.name);
    if (flight === undefined || flight.abandoned) {
      const task: SharedTask<ProviderReport> = new SharedTask((taskSignal) =>
        this.#fetch(entry, taskSignal, background).finally(() => {
          if (this.#flights.get(entry.name) === task) this.#flights.delete(entry.name);
        }),
      );
      this.#flights.set(entry.name, task);
      flight = task;
    }
    return flight.join(signal);
  }

  /** One provider's whole discovery within its deadline: never rejects, always a report. */
  async #fetch(entry: CatalogEntry, abandon: AbortSignal, background: boolean): Promise<ProviderReport> {
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
      const { invalid } = await untilAborted(this.#fetchShared(entry, signal, background), signal);
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

  /**
   * Fetches under the store's lock, or, while another instance holds it, waits for that
   * instance's commit and adopts it; takes over when the holder fails or its lock expires.
   */
  async #fetchShared(entry: CatalogEntry, signal: AbortSignal, background: boolean): Promise<FetchOutcome> {
    for (;;) {
      const token = await this.#link.call((store) => store.tryLock(entry.ref, this.#discovery.timeoutMs));
      if (token !== undefined) {
        try {
          signal.throwIfAborted();
          // A background refresh re-checks under the lock: another instance may just have committed.
          if (background && token !== UNAVAILABLE) {
            const fresh = await this.#freshStoredEntry(entry);
            if (fresh !== undefined) {
              this.#apply(entry, fresh);
              return { invalid: 0 };
            }
          }
          return await this.#fetchAndCommit(entry, signal);
        } finally {
          if (typeof token === 'string') void this.#link.call((store) => store.unlock(entry.ref, token));
        }
      }
      const adopted = await this.#waitForHolder(entry, signal);
      if (adopted !== undefined) return adopted;
    }
  }

  async #fetchAndCommit(entry: CatalogEntry, signal: AbortSignal): Promise<FetchOutcome> {
    const storeNow = await this.#link.call((store) => store.now());
    // Strictly after our current list, so a re-fetch within the same millisecond still wins.
    const fetchedAt = Math.max(storeNow === UNAVAILABLE ? this.#clock.now() : storeNow, (entry.fetchedAt ?? -1) + 1);
    const result = await untilAborted(entry.provider.listModels(signal), signal);
    const { models, invalid } = normalizeModels(result);
    const fetched: StoredEntry = { ...entry.ref, fetchedAt, models };
    const commit = await this.#link.call((store) => store.commit(fetched));
    entry.pendingWrite = commit === UNAVAILABLE;
    if (commit !== UNAVAILABLE && !commit.accepted) {
      this.#apply(entry, commit.entry);
    } else {
      this.#apply(entry, fetched);
      if (commit !== UNAVAILABLE) this.#noteOwnCommit(commit.generation);
    }
    return { invalid };
  }

  /** Waits while another instance holds the fetch lock; its commit, or `undefined` to try ourselves. */
  async #waitForHolder(entry: CatalogEntry, signal: AbortSignal): Promise<FetchOutcome | undefined> {
    const known = entry.fetchedAt;
    for (;;) {
      await this.#pause(LOCK_CHECK_MS, signal);
      const locked = await this.#link.call((store) => store.isLocked(entry.ref));
      if (locked === UNAVAILABLE) return undefined;
      if (locked) continue;
      const loaded = await this.#link.call((store) => store.load([entry.ref]));
      signal.throwIfAborted();
      if (loaded === UNAVAILABLE) return undefined;
      const stored = loaded.entries[0];
      if (stored !== undefined && (known === undefined || stored.fetchedAt > known)) {
        this.#apply(entry, stored);
        return { invalid: 0 };
      }
      return undefined;
    }
  }

  async #freshStoredEntry(entry: CatalogEntry): Promise<StoredEntry | undefined> {
    const interval = this.#discovery.refreshIntervalMs;
    const loaded = await this.#link.call((store) => store.load([entry.ref]));
    if (interval === undefined || loaded === UNAVAILABLE) return undefined;
    const stored = loaded.entries[0];
    return stored !== undefined && this.#clock.now() - stored.fetchedAt < interval ? stored : undefined;
  }

  /** Waits `ms`, or less when the bus says something changed; rejects when `signal` aborts. */
  #pause(ms: number, signal: AbortSignal): Promise<void> {
    return untilAborted(
      new Promise<void>((resolve) => {
        const done = (): void => {
          cancel();
          this.#nudges.delete(done);
          resolve();
        };
        const cancel = this.#clock.setTimer(done, ms, { keepAlive: true });
        this.#nudges.add(done);
      }),
      signal,
    );
  }

  /** Makes a stored list the provider's current one: invalidates the cache, tells listeners. */
  #apply(entry: CatalogEntry, stored: StoredEntry): void {
    const change = entry.replaceModels(stored.models);
    entry.fetchedAt = stored.fetchedAt;
    entry.state = 'ok';
    entry.lastSuccessAt = new Date(stored.fetchedAt);
    this.#cache.invalidate();
    if (change.changed && entry.available) this.#emitChange(change);
  }

  /** Skips the reload our own commit would otherwise cause, when nobody else committed meanwhile. */
  #noteOwnCommit(generation: string): void {
    if (this.#loadedGeneration !== undefined && Number(generation) === Number(this.#loadedGeneration) + 1) {
      this.#loadedGeneration = generation;
    }
    if (this.#bus !== undefined) {
      const bus = this.#bus;
      void this.#link.call(() => bus.publish(generation));
    }
  }

  /**
   * Loads the stored lists and adopts those newer than ours; then writes the lists discovered
   * while the store was down, where they are still newer. Calls while one runs are coalesced.
   */
  #reload(): Promise<void> {
    if (this.#reloading !== undefined) {
      this.#reloadAgain = true;
      return this.#reloading;
    }
    const run = async (): Promise<void> => {
      do {
        this.#reloadAgain = false;
        const loaded = await this.#link.call((store) => store.load(this.#entries.map((entry) => entry.ref)));
        if (loaded === UNAVAILABLE) return;
        for (const stored of loaded.entries) {
          const entry = this.#byName.get(stored.provider);
          if (entry !== undefined && (entry.fetchedAt === undefined || stored.fetchedAt > entry.fetchedAt)) this.#apply(entry, stored);
        }
        this.#loadedGeneration = loaded.generation;
        await this.#writePending();
      } while (this.#reloadAgain);
    };
    this.#reloading = run().finally(() => {
      this.#reloading = undefined;
    });
    return this.#reloading;
  }

  async #writePending(): Promise<void> {
    for (const entry of this.#entries) {
      if (!entry.pendingWrite || entry.fetchedAt === undefined) continue;
      const pending: StoredEntry = { ...entry.ref, fetchedAt: entry.fetchedAt, models: [...entry.fetchedModels] };
      const commit = await this.#link.call((store) => store.commit(pending));
      if (commit === UNAVAILABLE) return;
      entry.pendingWrite = false;
      if (commit.accepted) this.#noteOwnCommit(commit.generation);
      else this.#apply(entry, commit.entry);
    }
  }

  /** Listens to the bus, polls a shared store's generation, and refreshes in the background. */
  #startWatching(): void {
    this.#bus?.listen({
      onGeneration: (generation) => {
        for (const nudge of [...this.#nudges]) nudge();
        if (generation !== this.#loadedGeneration) void this.#reload();
      },
      onReconnect: () => void this.#checkGeneration(),
    });
    if (this.#link.store.shared) this.#every(this.#pollMs, () => this.#checkGeneration());
    const interval = this.#discovery.refreshIntervalMs;
    if (interval !== undefined) {
      void this.#ready.then(() => this.#refreshStale(interval));
      this.#every(Math.max(1_000, Math.floor(interval / 2)), () => this.#refreshStale(interval));
    }
  }

  async #checkGeneration(): Promise<void> {
    const generation = await this.#link.call((store) => store.generation());
    if (generation !== UNAVAILABLE && generation !== this.#loadedGeneration) await this.#reload();
  }

  /** Stale-while-revalidate: readers keep the current lists while stale providers are fetched. */
  async #refreshStale(interval: number): Promise<void> {
    const now = this.#clock.now();
    const stale = this.#entries.filter(
      (entry) => entry.available && (entry.fetchedAt === undefined || now - entry.fetchedAt >= interval) && !this.#flights.has(entry.name),
    );
    await Promise.all(stale.map((entry) => this.#discoverOne(entry, undefined, true)));
  }

  /** Runs `task` every `ms` until closed; the timer never keeps the process alive. */
  #every(ms: number, task: () => Promise<void>): void {
    const schedule = (): void => {
      if (this.#closed) return;
      const cancel = this.#clock.setTimer(() => {
        this.#timers.delete(cancel);
        void task().finally(schedule);
      }, ms);
      this.#timers.add(cancel);
    };
    schedule();
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

  #describeFailure(entry: CatalogEntry, error: unknown): { code: string; message: string } {
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
    failure?: { code: string; message: string },
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
    }
    return report;
  }

  #createEntries(config: ScopedModelsConfig, providers: readonly ModelProvider[]): CatalogEntry[] {
    const policies = new Map(config.providers.map((provider) => [provider.name, provider]));
    const seen = new Set<string>();
    const entries = providers.map((provider) => {
      if (seen.has(provider.name)) {
        throw new ScopedModelsError('duplicate_provider', `two providers are named "${provider.name}"; give each a unique name`);
      }
      seen.add(provider.name);
      if (provider.name.length === 0 || provider.name.includes(this.#separator)) {
        throw new ScopedModelsError(
          'invalid_provider_name',
          `provider name "${provider.name}" must be non-empty and must not contain the separator "${this.#separator}"`,
        );
      }
      const policy = policies.get(provider.name);
      const pinned = provider.initialModels === undefined ? (policy?.models ?? []) : [];
      const entry = new CatalogEntry({
        provider,
        fingerprint: providerFingerprint(provider.name, policy),
        separator: this.#separator,
        filter: compileModelFilter(policy?.include, policy?.exclude),
        pinned: normalizeModels(pinned.map((model) => (typeof model === 'string' ? { id: model } : model))).models,
        unavailableReason: policy?.enabled === false ? 'disabled in the configuration' : provider.unavailableReason,
      });
      entry.replaceModels(normalizeModels([...(provider.initialModels ?? [])]).models);
      return entry;
    });
    const sortKey = (entry: CatalogEntry): string => entry.name + this.#separator;
    return entries.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  }
}

/** The ids of `after` not in `before`, and of `before` not in `after`. */
function difference(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const old = new Set(before);
  const now = new Set(after);
  return { added: after.filter((id) => !old.has(id)), removed: before.filter((id) => !now.has(id)) };
}

/** The credentials in a store URL, raw and decoded: a URL without any is no secret. */
function urlCredentials(url: string): string[] {
  try {
    const { username, password } = new URL(url);
    return [username, password, decodeURIComponent(username), decodeURIComponent(password)].filter((part) => part !== '');
  } catch {
    return [url];
  }
}
