import type { CatalogEntry } from '../manager/CatalogEntry.js';
import type { ProviderList } from '../manager/SharedCatalog.js';
import type { ProviderReport, ProviderStatus } from '../manager/types.js';
import type { EntryRef } from '../store/CatalogStore.js';
import type { Clock } from '../time/Clock.js';

/**
 * The model list of one credential (a provider and a key, known by fingerprint only), shared
 * by every tenant holding that key. It never holds the key: fetches borrow it from a view.
 */
export class CredentialList {
  /** Provider name and fingerprint: where the list lives in a shared store. */
  readonly ref: EntryRef;
  /** The provider's filters and pinned models applied to this credential's answer. */
  readonly entry: CatalogEntry;
  /** A tick of the catalog's counter, taken at each change (and at creation): only ever grows. */
  version: number;
  /** True once a list has arrived; before that the credential contributes nothing. */
  held = false;
  /**
   * True when a read should start a fetch: at first, and once freshness or a back-off ends (a
   * timer sets it, so a read never looks at the clock).
   */
  due = true;
  /** Failures in a row, for the back-off. */
  failures = 0;
  /** The fetch in flight, shared by every tenant that needs it. */
  flight: Promise<ProviderReport> | undefined;
  /** Set when the bounded cache let it go: holders look it up again. */
  evicted = false;
  #cancelTimer: (() => void) | undefined;

  constructor(ref: EntryRef, entry: CatalogEntry, version: number) {
    this.ref = ref;
    this.entry = entry;
    this.version = version;
  }

  /** The list to show, once one has arrived. */
  get current(): ProviderList | undefined {
    return this.held ? this.entry : undefined;
  }

  /** Not due for `ms`: fresh for that long, or backing off. */
  dueAfter(ms: number, clock: Clock): void {
    // A fetch that ends after eviction leaves no timer behind.
    if (this.evicted) return;
    this.#cancelTimer?.();
    this.due = false;
    this.#cancelTimer = clock.setTimer(() => {
      this.#cancelTimer = undefined;
      this.due = true;
    }, ms);
  }

  /**
   * Let go by the bounded cache: its list and timer go at once (a lineup may still point here
   * until its next read, and must not keep the list alive), and holders look it up again.
   */
  evict(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.evicted = true;
    this.due = true;
    this.held = false;
    this.entry.replaceModels([]);
  }

  /** The provider's row for a tenant holding this credential; no models before the first list. */
  status(): ProviderStatus {
    const status = this.entry.status();
    return this.held ? status : { ...status, models: 0 };
  }
}
