import type { Logger } from '../logging/Logger.js';
import type { CatalogStore } from '../store/CatalogStore.js';

/** What a store call gives back when the store cannot be reached. */
export const UNAVAILABLE: unique symbol = Symbol('scoped-models.store-unavailable');

/**
 * The manager's calls to its store. A failing store is reported once when it goes down and
 * once when it returns (never per call), and every call then yields {@link UNAVAILABLE}.
 */
export class StoreLink {
  readonly store: CatalogStore;
  readonly #logger: Logger;
  readonly #onRecover: () => void;
  #down = false;

  constructor(store: CatalogStore, logger: Logger, onRecover: () => void) {
    this.store = store;
    this.#logger = logger;
    this.#onRecover = onRecover;
  }

  /** True between a failed call and the next successful one. */
  get down(): boolean {
    return this.#down;
  }

  /**
   * Runs `operation` on the store. While the store is down only a `probe` reaches it (the
   * generation poll): the others yield {@link UNAVAILABLE} at once, so a discovery never spends
   * its budget waiting on a store that does not answer.
   */
  async call<T>(operation: (store: CatalogStore) => Promise<T>, options: { probe?: boolean } = {}): Promise<T | typeof UNAVAILABLE> {
    if (this.#down && options.probe !== true) return UNAVAILABLE;
    try {
      const result = await operation(this.store);
      if (this.#down) {
        this.#down = false;
        this.#logger.info('the catalog store is reachable again; resynchronising');
        this.#onRecover();
      }
      return result;
    } catch (error) {
      if (!this.#down) {
        this.#down = true;
        const reason = error instanceof Error ? error.message : String(error);
        this.#logger.warn(`the catalog store is unavailable (${reason}); serving the lists in memory and discovering locally until it returns`);
      }
      return UNAVAILABLE;
    }
  }
}
