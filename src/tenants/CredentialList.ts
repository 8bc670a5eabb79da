import type { CatalogEntry } from '../manager/CatalogEntry.js';
import type { ProviderList } from '../manager/SharedCatalog.js';
import type { ProviderReport, ProviderStatus } from '../manager/types.js';
import type { EntryRef } from '../store/CatalogStore.js';

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
  /** Clock time from which a read starts a fetch: 0 at first, then the end of freshness or of a back-off. */
  nextFetchAt = 0;
  /** Failures in a row, for the back-off. */
  failures = 0;
  /** The fetch in flight, shared by every tenant that needs it. */
  flight: Promise<ProviderReport> | undefined;
  /** Set when the bounded cache let it go: holders look it up again. */
  evicted = false;

  constructor(ref: EntryRef, entry: CatalogEntry, version: number) {
    this.ref = ref;
    this.entry = entry;
    this.version = version;
  }

  /** The list to show, once one has arrived. */
  get current(): ProviderList | undefined {
    return this.held ? this.entry : undefined;
  }

  /** The provider's row for a tenant holding this credential; no models before the first list. */
  status(): ProviderStatus {
    const status = this.entry.status();
    return this.held ? status : { ...status, models: 0 };
  }
}
