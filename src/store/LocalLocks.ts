import type { Clock } from '../time/Clock.js';
import type { EntryRef } from './CatalogStore.js';

/** Fetch locks held in this process only: enough where no other instance fetches. */
export class LocalLocks {
  readonly #clock: Pick<Clock, 'now'>;
  readonly #locks = new Map<string, { token: string; expiresAt: number }>();
  #tokens = 0;

  constructor(clock: Pick<Clock, 'now'>) {
    this.#clock = clock;
  }

  tryLock(ref: EntryRef, ttlMs: number): Promise<string | undefined> {
    if (this.#held(ref) !== undefined) return Promise.resolve(undefined);
    const token = String(++this.#tokens);
    this.#locks.set(refKey(ref), { token, expiresAt: this.#clock.now() + ttlMs });
    return Promise.resolve(token);
  }

  unlock(ref: EntryRef, token: string): Promise<void> {
    if (this.#locks.get(refKey(ref))?.token === token) this.#locks.delete(refKey(ref));
    return Promise.resolve();
  }

  isLocked(ref: EntryRef): Promise<boolean> {
    return Promise.resolve(this.#held(ref) !== undefined);
  }

  #held(ref: EntryRef): { token: string } | undefined {
    const lock = this.#locks.get(refKey(ref));
    return lock !== undefined && lock.expiresAt > this.#clock.now() ? lock : undefined;
  }
}

/** One string per ref, for map keys and file keys. */
export function refKey(ref: EntryRef): string {
  return `${ref.provider}@${ref.fingerprint}`;
}
