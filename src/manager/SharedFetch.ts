import { ProviderError } from '../errors/ProviderError.js';
import type { StoredEntry } from '../store/CatalogStore.js';
import type { Clock } from '../time/Clock.js';
import type { CatalogEntry } from './CatalogEntry.js';
import type { CatalogSync } from './CatalogSync.js';
import { normalizeModels } from '../providers/normalizeModels.js';
import { untilAborted } from './SharedTask.js';
import { UNAVAILABLE, type StoreLink } from './StoreLink.js';

/** How often a waiter checks whether another instance's fetch lock is still held, in ms. */
const LOCK_CHECK_MS = 100;

/** What {@link SharedFetch} needs from the manager. */
export interface SharedFetchOptions {
  link: StoreLink;
  sync: CatalogSync;
  clock: Clock;
  /** The fetch lock's expiry, no shorter than a provider's discovery budget, in ms. */
  lockMs: number;
  /** When set, a background refresh skips a provider whose stored list is younger than this. */
  refreshIntervalMs: number | undefined;
  /** Makes a stored list an entry's current one. */
  /** `checked`: the models were normalized already (our own fetch), so they are not checked twice. */
  apply: (entry: CatalogEntry, stored: StoredEntry, checked?: boolean) => void;
}

/**
 * One provider's fetch across instances: under the store's lock; or, while another instance
 * holds it, waiting for that instance's commit and adopting it; taking over when the holder
 * fails or its lock expires. Resolves with the count of malformed entries dropped.
 */
export class SharedFetch {
  readonly #options: SharedFetchOptions;
  /** Fetches not yet ended; a caller may have stopped waiting (aborted, timed out) while one still holds a lock. */
  readonly #running = new Set<Promise<unknown>>();

  constructor(options: SharedFetchOptions) {
    this.#options = options;
  }

  fetch(entry: CatalogEntry, signal: AbortSignal, background: boolean, acceptEmpty: boolean): Promise<{ invalid: number }> {
    const running = this.#fetch(entry, signal, background, acceptEmpty);
    this.#running.add(running);
    const forget = (): void => void this.#running.delete(running);
    running.then(forget, forget);
    return running;
  }

  /** Resolves once every fetch started so far has ended and released its store lock. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }

  async #fetch(entry: CatalogEntry, signal: AbortSignal, background: boolean, acceptEmpty: boolean): Promise<{ invalid: number }> {
    const { link, lockMs } = this.#options;
    for (;;) {
      const token = await link.call((store) => store.tryLock(entry.ref, lockMs));
      if (token !== undefined) {
        try {
          signal.throwIfAborted();
          // A background refresh re-checks under the lock: another instance may just have committed.
          if (background && token !== UNAVAILABLE) {
            const fresh = await this.#freshStoredEntry(entry);
            if (fresh !== undefined) {
              this.#options.apply(entry, fresh);
              return { invalid: 0 };
            }
          }
          return await this.#fetchAndCommit(entry, signal, acceptEmpty);
        } finally {
          // Awaited, so a manager that closes releases its locks before the store goes.
          if (typeof token === 'string') await link.call((store) => store.unlock(entry.ref, token));
        }
      }
      if (await this.#waitForHolder(entry, signal)) return { invalid: 0 };
    }
  }

  async #fetchAndCommit(entry: CatalogEntry, signal: AbortSignal, acceptEmpty: boolean): Promise<{ invalid: number }> {
    const { link, clock, apply, sync } = this.#options;
    const storeNow = await link.call((store) => store.now());
    // Strictly after our current list, so a re-fetch within the same millisecond still wins.
    const fetchedAt = Math.max(storeNow === UNAVAILABLE ? clock.now() : storeNow, (entry.fetchedAt ?? -1) + 1);
    const result = await untilAborted(entry.provider.listModels(signal), signal);
    const { models, invalid, readable } = normalizeModels(result);
    if (!readable) {
      throw new ProviderError(entry.name, 'bad_response', `the answer held no readable model (${invalid} malformed); the last good list is kept`);
    }
    this.#holdBackEmpty(entry, models.length, acceptEmpty);
    const fetched: StoredEntry = { ...entry.ref, fetchedAt, models };
    const commit = await link.call((store) => store.commit(fetched));
    entry.pendingWrite = commit === UNAVAILABLE;
    if (commit !== UNAVAILABLE && !commit.accepted) {
      apply(entry, commit.entry);
    } else {
      apply(entry, fetched, true);
      if (commit !== UNAVAILABLE) sync.committed(commit.generation);
    }
    return { invalid };
  }

  /**
   * An empty answer after a non-empty list is an outage, an expired org or a proxy's placeholder
   * as often as the truth: it is held back once, and a second one in a row is committed.
   */
  #holdBackEmpty(entry: CatalogEntry, count: number, acceptEmpty: boolean): void {
    const last = entry.fetchedModels.length;
    if (count > 0 || acceptEmpty || entry.emptyHeldBack || last === 0) {
      entry.emptyHeldBack = false;
      return;
    }
    entry.emptyHeldBack = true;
    throw new ProviderError(
      entry.name,
      'empty_held_back',
      `empty answer held back; last list had ${last} ${last === 1 ? 'model' : 'models'} (a second empty answer in a row is taken as real; acceptEmpty or discover --accept-empty takes it at once)`,
    );
  }

  /** Waits while another instance holds the fetch lock: true when its commit was adopted, false to try ourselves. */
  async #waitForHolder(entry: CatalogEntry, signal: AbortSignal): Promise<boolean> {
    const { link, sync, apply } = this.#options;
    const known = entry.fetchedAt;
    for (;;) {
      await sync.pause(LOCK_CHECK_MS, signal);
      const locked = await link.call((store) => store.isLocked(entry.ref));
      if (locked === UNAVAILABLE) return false;
      if (locked) continue;
      const loaded = await link.call((store) => store.load([entry.ref]));
      signal.throwIfAborted();
      if (loaded === UNAVAILABLE) return false;
      const stored = loaded.entries[0];
      if (stored === undefined || (known !== undefined && stored.fetchedAt <= known)) return false;
      apply(entry, stored);
      return true;
    }
  }

  async #freshStoredEntry(entry: CatalogEntry): Promise<StoredEntry | undefined> {
    const { link, clock, refreshIntervalMs } = this.#options;
    const loaded = await link.call((store) => store.load([entry.ref]));
    const storeNow = await link.call((store) => store.now());
    if (refreshIntervalMs === undefined || loaded === UNAVAILABLE) return undefined;
    const now = storeNow === UNAVAILABLE ? clock.now() : storeNow;
    const stored = loaded.entries[0];
    return stored !== undefined && now - stored.fetchedAt < refreshIntervalMs ? stored : undefined;
  }
}
