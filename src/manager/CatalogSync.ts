import type { InvalidationBus, StoredEntry } from '../store/CatalogStore.js';
import type { Clock } from '../time/Clock.js';
import type { CatalogEntry } from './CatalogEntry.js';
import type { DiscoveryEvents } from './DiscoveryEvents.js';
import { untilAborted } from './SharedTask.js';
import { UNAVAILABLE, type StoreLink } from './StoreLink.js';

/** What {@link CatalogSync} needs from the manager. */
export interface CatalogSyncOptions {
  link: StoreLink;
  bus: InvalidationBus | undefined;
  clock: Clock;
  entries: readonly CatalogEntry[];
  /** How often a shared store's generation is compared, in ms. */
  pollMs: number;
  /** Background refresh of providers older than this, in ms; none when undefined. */
  refreshIntervalMs: number | undefined;
  /** Makes a stored list an entry's current one. */
  apply: (entry: CatalogEntry, stored: StoredEntry) => void;
  /** Starts (or joins) a background discovery of one entry. */
  refresh: (entry: CatalogEntry) => Promise<unknown>;
  /** True while a discovery of the entry is in flight. */
  isFetching: (entry: CatalogEntry) => boolean;
  /** Told of store reloads and bus reconnections. */
  events?: Pick<DiscoveryEvents, 'storeReloaded' | 'busReconnected'> | undefined;
}

/**
 * Keeps the manager's snapshot in step with its store: loads it, adopts newer lists, writes the
 * lists discovered while the store was down, listens to the bus, polls a shared store's
 * generation (pub/sub is a hint, not the truth) and refreshes stale providers in the background.
 */
export class CatalogSync {
  readonly #options: CatalogSyncOptions;
  readonly #byName: ReadonlyMap<string, CatalogEntry>;
  /** Resolved by any message from the bus, so lock waiters look again at once. */
  readonly #nudges = new Set<() => void>();
  readonly #timers = new Set<() => void>();
  #loadedGeneration: string | undefined;
  #reloading: Promise<void> | undefined;
  #reloadAgain = false;
  /** Set by `stop()`: no timer is set, and no background refresh started, after it. */
  #stopped = false;
  #closed = false;
  /** The bus's first subscription is not a reconnection. */
  #subscribedOnce = false;

  constructor(options: CatalogSyncOptions) {
    this.#options = options;
    this.#byName = new Map(options.entries.map((entry) => [entry.name, entry]));
  }

  /** Loads the store once and starts watching it; resolves after that first load. */
  start(): Promise<void> {
    const ready = this.reload();
    const { bus, link, pollMs, refreshIntervalMs } = this.#options;
    bus?.listen({
      onGeneration: (generation) => {
        for (const nudge of [...this.#nudges]) nudge();
        if (generation !== this.#loadedGeneration) void this.reload();
      },
      onReconnect: () => {
        if (this.#subscribedOnce) this.#options.events?.busReconnected();
        this.#subscribedOnce = true;
        void this.#checkGeneration();
      },
    });
    if (link.store.shared) this.#every(pollMs, () => this.#checkGeneration());
    if (refreshIntervalMs !== undefined) {
      void ready.then(() => this.#refreshStale(refreshIntervalMs));
      this.#every(Math.max(1_000, Math.floor(refreshIntervalMs / 2)), () => this.#refreshStale(refreshIntervalMs));
    }
    return ready;
  }

  /**
   * Loads the stored lists and adopts those newer than ours; then writes the lists discovered
   * while the store was down, where they are still newer. Calls while one runs are coalesced.
   */
  reload(): Promise<void> {
    if (this.#reloading !== undefined) {
      this.#reloadAgain = true;
      return this.#reloading;
    }
    const run = async (): Promise<void> => {
      do {
        this.#reloadAgain = false;
        const loaded = await this.#options.link.call((store) => store.load(this.#options.entries.map((entry) => entry.ref)), { probe: true });
        this.#options.events?.storeReloaded(loaded !== UNAVAILABLE);
        if (loaded === UNAVAILABLE) return;
        for (const stored of loaded.entries) {
          const entry = this.#byName.get(stored.provider);
          if (entry !== undefined && (entry.fetchedAt === undefined || stored.fetchedAt > entry.fetchedAt)) this.#options.apply(entry, stored);
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

  /** After a commit of ours: tells the other instances, and skips the reload it would cause us. */
  committed(generation: string): void {
    if (this.#loadedGeneration !== undefined && Number(generation) === Number(this.#loadedGeneration) + 1) {
      this.#loadedGeneration = generation;
    }
    const { bus, link } = this.#options;
    if (bus !== undefined) void link.call(() => bus.publish(generation));
  }

  /** Waits `ms`, or less when the bus says something changed; rejects when `signal` aborts. */
  pause(ms: number, signal: AbortSignal): Promise<void> {
    return untilAborted(
      new Promise<void>((resolve) => {
        const done = (): void => {
          cancel();
          this.#nudges.delete(done);
          resolve();
        };
        const cancel = this.#options.clock.setTimer(done, ms, { keepAlive: true });
        this.#nudges.add(done);
      }),
      signal,
    );
  }

  /**
   * Stops the timers and starts no more background refreshes, while the bus and the store stay
   * open for the fetches still running to finish (and release their locks).
   */
  stop(): void {
    this.#stopped = true;
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
  }

  /** Stops, then closes the bus and the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.stop();
    await Promise.allSettled([this.#options.bus?.close(), this.#options.link.store.close()]);
  }

  async #writePending(): Promise<void> {
    for (const entry of this.#options.entries) {
      if (!entry.pendingWrite || entry.fetchedAt === undefined) continue;
      // Stamped while the store was down, perhaps by this host's clock: the store caps it at its own.
      const pending: StoredEntry = { ...entry.ref, fetchedAt: entry.fetchedAt, models: [...entry.fetchedModels], stampedLocally: true };
      const commit = await this.#options.link.call((store) => store.commit(pending));
      if (commit === UNAVAILABLE) return;
      entry.pendingWrite = false;
      if (commit.accepted) {
        entry.fetchedAt = commit.entry.fetchedAt;
        this.committed(commit.generation);
      } else {
        this.#options.apply(entry, commit.entry);
      }
    }
  }

  async #checkGeneration(): Promise<void> {
    const generation = await this.#options.link.call((store) => store.generation(), { probe: true });
    if (generation !== UNAVAILABLE && generation !== this.#loadedGeneration) await this.reload();
  }

  /** Stale-while-revalidate: readers keep the current lists while stale providers are fetched. */
  async #refreshStale(interval: number): Promise<void> {
    if (this.#stopped) return;
    // Ages by the store's clock, as `fetchedAt` is: a host whose own clock runs ahead would
    // otherwise see every list as stale.
    const storeNow = await this.#options.link.call((store) => store.now());
    if (this.#stopped) return;
    const now = storeNow === UNAVAILABLE ? this.#options.clock.now() : storeNow;
    const stale = this.#options.entries.filter(
      (entry) => entry.available && (entry.fetchedAt === undefined || now - entry.fetchedAt >= interval) && !this.#options.isFetching(entry),
    );
    await Promise.all(stale.map((entry) => this.#options.refresh(entry)));
  }

  /** Runs `task` every `ms` until stopped; the timer never keeps the process alive. */
  #every(ms: number, task: () => Promise<void>): void {
    const schedule = (): void => {
      if (this.#stopped) return;
      const cancel = this.#options.clock.setTimer(() => {
        this.#timers.delete(cancel);
        void task().finally(schedule);
      }, ms);
      this.#timers.add(cancel);
    };
    schedule();
  }
}
