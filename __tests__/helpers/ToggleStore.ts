import { StoreUnavailableError } from '../../src/errors/StoreUnavailableError.js';
import type { CatalogStore, CommitResult, EntryRef, StoredEntry } from '../../src/store/CatalogStore.js';

type StoreMethod = 'now' | 'generation' | 'load' | 'commit' | 'tryLock' | 'unlock' | 'isLocked';

/** Wraps a store and can make it unreachable, as an outage would; counts calls. */
export class ToggleStore implements CatalogStore {
  down = false;
  commits = 0;
  /** Calls that reached the store while it was down. */
  callsWhileDown = 0;
  /** Calls per method, up or down. */
  readonly calls: Record<StoreMethod, number> = { now: 0, generation: 0, load: 0, commit: 0, tryLock: 0, unlock: 0, isLocked: 0 };
  /** Told of each call before it runs, so a test can bring the store down at an exact step. */
  onCall: ((method: StoreMethod) => void) | undefined;
  constructor(readonly inner: CatalogStore) {}

  get shared(): boolean {
    return this.inner.shared;
  }

  #guard<T>(method: StoreMethod, call: () => Promise<T>): Promise<T> {
    this.calls[method]++;
    this.onCall?.(method);
    if (!this.down) return call();
    this.callsWhileDown++;
    return Promise.reject(new StoreUnavailableError('connection refused (test outage)'));
  }

  now(): Promise<number> {
    return this.#guard('now', () => this.inner.now());
  }
  generation(): Promise<string> {
    return this.#guard('generation', () => this.inner.generation());
  }
  load(refs: readonly EntryRef[]): Promise<{ generation: string; entries: StoredEntry[] }> {
    return this.#guard('load', () => this.inner.load(refs));
  }
  commit(entry: StoredEntry): Promise<CommitResult> {
    return this.#guard('commit', () => {
      this.commits++;
      return this.inner.commit(entry);
    });
  }
  tryLock(ref: EntryRef, ttlMs: number): Promise<string | undefined> {
    return this.#guard('tryLock', () => this.inner.tryLock(ref, ttlMs));
  }
  unlock(ref: EntryRef, token: string): Promise<void> {
    return this.#guard('unlock', () => this.inner.unlock(ref, token));
  }
  isLocked(ref: EntryRef): Promise<boolean> {
    return this.#guard('isLocked', () => this.inner.isLocked(ref));
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
