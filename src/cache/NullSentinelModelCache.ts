import { frozen, type ModelCache } from './ModelCache.js';

/**
 * The default strategy: one slot, `null` meaning empty. It holds the list of one key;
 * a `get` for any other key is a miss, and a `set` replaces whatever the slot held.
 * A hit costs a string comparison and a property read.
 */
export class NullSentinelModelCache implements ModelCache {
  #key: string | null = null;
  #models: readonly string[] | null = null;

  get(key: string): readonly string[] | null {
    return key === this.#key ? this.#models : null;
  }

  set(key: string, models: readonly string[]): void {
    this.#key = key;
    this.#models = frozen(models);
  }

  invalidate(): void {
    this.#key = null;
    this.#models = null;
  }
}
