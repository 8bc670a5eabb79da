import { frozen, type ModelCache } from './ModelCache.js';

/**
 * The default strategy: one slot, `null` meaning empty. It holds the list of one key;
 * a `get` for any other key is a miss, and a `set` replaces whatever the slot held.
 * A hit costs a string comparison and a property read.
 */
export class NullSentinelModelCache implements ModelCache {
  // Always a string, kept when the slot empties (its list is then null): V8 compiles a key
  // comparison that once met null into the generic one, which every later hit would pay.
  #key = '';
  #models: readonly string[] | null = null;

  get(key: string): readonly string[] | null {
    return key === this.#key ? this.#models : null;
  }

  set(key: string, models: readonly string[]): void {
    this.#key = key;
    this.#models = frozen(models);
  }

  invalidate(): void {
    this.#models = null;
  }
}
