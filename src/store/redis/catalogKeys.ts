import type { EntryRef } from '../CatalogStore.js';

/** Where the catalog lives in Redis: everything under `{prefix}:`. */
export interface CatalogKeys {
  /** An integer that every accepted commit increments (`INCR`). */
  generation: string;
  /** The pub/sub channel on which a commit announces the new generation. */
  channel: string;
  /** The JSON of one provider's `StoredEntry`. */
  entry(ref: EntryRef): string;
  /** The fetch lock of one provider: a random token with an expiry (`SET NX PX`). */
  lock(ref: EntryRef): string;
}

/**
 * The key layout under `prefix`:
 * `{prefix}:generation`, `{prefix}:entry:{provider}@{fingerprint}`,
 * `{prefix}:lock:{provider}@{fingerprint}` and the channel `{prefix}:changes`.
 * Provider names cannot contain `@`, so every ref has its own key.
 */
export function catalogKeys(prefix: string): CatalogKeys {
  const refKey = (ref: EntryRef): string => `${ref.provider}@${ref.fingerprint}`;
  return {
    generation: `${prefix}:generation`,
    channel: `${prefix}:changes`,
    entry: (ref) => `${prefix}:entry:${refKey(ref)}`,
    lock: (ref) => `${prefix}:lock:${refKey(ref)}`,
  };
}
