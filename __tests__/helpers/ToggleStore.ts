import { StoreUnavailableError } from '../../src/errors/StoreUnavailableError.js';
import type { CatalogStore, CommitResult, EntryRef, StoredEntry } from '../../src/store/CatalogStore.js';

/** Wraps a store and can make it unreachable, as an outage would; counts calls. */
export class ToggleStore implements CatalogStore {
  down = false;
  commits = 0;
  /** Calls that reached the store while it was down. */
  callsWhileDown = 0;
  constructor(readonly inner: CatalogStore) {}

  get shared(): boolean {
    return this.inner.shared;
  }

  #guard<T>(call: () => Promise<T>): Promise<T> {
    if (!this.down) return call();
    this.callsWhileDown++;
    return Promise.reject(new StoreUnavailableError('connection refused (test outage)'));
  }

  now(): Promise<number> {
    return this.#guard(() => this.inner.now());
  }
  generation(): Promise<string> {
    return this.#guard(() => this.inner.generation());
  }
  load(refs: readonly EntryRef[]): Promise<{ generation: string; entries: StoredEntry[] }> {
    return this.#guard(() => this.inner.load(refs));
  }
  commit(entry: StoredEntry): Promise<CommitResult> {
    return this.#guard(() => {
      this.commits++;
      return this.inner.commit(entry);
    });
  }
  tryLock(ref: EntryRef, ttlMs: number): Promise<string | undefined> {
    return this.#guard(() => this.inner.tryLock(ref, ttlMs));
  }
  unlock(ref: EntryRef, token: string): Promise<void> {
    return this.#guard(() => this.inner.unlock(ref, token));
  }
  isLocked(ref: EntryRef): Promise<boolean> {
    return this.#guard(() => this.inner.isLocked(ref));
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
