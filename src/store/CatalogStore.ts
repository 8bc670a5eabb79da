import type { ModelInfo } from '../providers/ModelProvider.js';

/** Names one provider's stored entry: entries of another provider config are invisible. */
export interface EntryRef {
  provider: string;
  /** A hash of the provider's config (type, base URL, key hash, headers, filters); never the key. */
  fingerprint: string;
}

/** One provider's last good list, as its successful fetch returned it. */
export interface StoredEntry extends EntryRef {
  /** When the fetch that produced it *started*, in ms since the epoch, by the store's clock. */
  fetchedAt: number;
  models: ModelInfo[];
  /**
   * True when `fetchedAt` came from this host's clock because the store was unreachable: a
   * shared store's commit then caps it at the store's own clock, so a host running ahead
   * cannot stamp a list that outranks the lists fetched after it.
   */
  stampedLocally?: boolean;
}

/** What a conditional write did. */
export interface CommitResult {
  /** False when a newer entry was already stored; `entry` is then that newer one, to adopt. */
  accepted: boolean;
  entry: StoredEntry;
  /** The catalog generation after the call. */
  generation: string;
}

/**
 * Where the last good lists live between processes and instances. Every method may reject
 * with a `StoreUnavailableError` when the backing service cannot be reached; callers then keep
 * serving what they have. Unreadable stored data is treated as absent, never as an error.
 */
export interface CatalogStore {
  /** True when other processes share this store, so the manager watches its generation. */
  readonly shared: boolean;
  /** The store's clock in ms since the epoch (Redis: `TIME`), so skewed hosts still agree. */
  now(): Promise<number>;
  /** Changes with every accepted commit (and reads as changed when the stored counter is corrupt). */
  generation(): Promise<string>;
  /** The readable stored entries of `refs`, and the generation read with them. */
  load(refs: readonly EntryRef[]): Promise<{ generation: string; entries: StoredEntry[] }>;
  /**
   * Writes `entry`, atomically, only if it is newer (`fetchedAt`) than the one stored for its ref.
   * When accepted, `entry` in the result is what was stored (its `fetchedAt` capped, see `stampedLocally`).
   */
  commit(entry: StoredEntry): Promise<CommitResult>;
  /** Takes the fetch lock of `ref` for `ttlMs`; its token, or `undefined` while another holder has it. */
  tryLock(ref: EntryRef, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock only if `token` still owns it. */
  unlock(ref: EntryRef, token: string): Promise<void>;
  /** True while any holder has the lock of `ref`. */
  isLocked(ref: EntryRef): Promise<boolean>;
  /** Closes connections; the store is not used afterwards. */
  close(): Promise<void>;
}

/** What an instance hears from the others. */
export interface InvalidationListener {
  /** Another instance committed: the catalog is at `generation` now. */
  onGeneration(generation: string): void;
  /** The subscription (re)connected: messages may have been missed meanwhile. */
  onReconnect(): void;
}

/**
 * Tells every instance that the catalog changed. A hint, not the truth: a lost message is
 * caught by the manager's generation poll.
 */
export interface InvalidationBus {
  /** Starts listening (lazily connecting); calling it again replaces the listener. */
  listen(listener: InvalidationListener): void;
  /** Announces `generation` to every other instance. */
  publish(generation: string): Promise<void>;
  /** Stops listening and closes connections. */
  close(): Promise<void>;
}
