import type { Clock } from '../time/Clock.js';
import type { CatalogStore, CommitResult, EntryRef, StoredEntry } from './CatalogStore.js';
import { LocalLocks, refKey } from './LocalLocks.js';

/** The default store: this process only, nothing shared, nothing persisted. */
export class MemoryCatalogStore implements CatalogStore {
  readonly shared: boolean = false;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #locks: LocalLocks;
  readonly #entries = new Map<string, StoredEntry>();
  #generation = 0;

  constructor(clock: Pick<Clock, 'now'>) {
    this.#clock = clock;
    this.#locks = new LocalLocks(clock);
  }

  now(): Promise<number> {
    return Promise.resolve(this.#clock.now());
  }

  generation(): Promise<string> {
    return Promise.resolve(String(this.#generation));
  }

  load(refs: readonly EntryRef[]): Promise<{ generation: string; entries: StoredEntry[] }> {
    const entries = refs.map((ref) => this.#entries.get(refKey(ref))).filter((entry) => entry !== undefined);
    return Promise.resolve({ generation: String(this.#generation), entries });
  }

  commit(entry: StoredEntry): Promise<CommitResult> {
    const stored = this.#entries.get(refKey(entry));
    if (stored !== undefined && stored.fetchedAt >= entry.fetchedAt) {
      return Promise.resolve({ accepted: false, entry: stored, generation: String(this.#generation) });
    }
    this.#entries.set(refKey(entry), entry);
    this.#generation++;
    return Promise.resolve({ accepted: true, entry, generation: String(this.#generation) });
  }

  tryLock(ref: EntryRef, ttlMs: number): Promise<string | undefined> {
    return this.#locks.tryLock(ref, ttlMs);
  }

  unlock(ref: EntryRef, token: string): Promise<void> {
    return this.#locks.unlock(ref, token);
  }

  isLocked(ref: EntryRef): Promise<boolean> {
    return this.#locks.isLocked(ref);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
