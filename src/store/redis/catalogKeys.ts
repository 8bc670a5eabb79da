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
 * (the braces there name the parts). Provider names cannot contain `@`, so every ref has its
 * own key. With `hashTag` (a cluster) the prefix is written in literal braces, `{my-app}:generation`.
 */
export function catalogKeys(prefix: string, hashTag = false): CatalogKeys {
  // In a cluster every key of the prefix must share a slot (scripts touch several): `{prefix}` is a hash tag.
  const base = hashTag ? `{${prefix}}` : prefix;
  const refKey = (ref: EntryRef): string => `${ref.provider}@${ref.fingerprint}`;
  return {
    generation: `${base}:generation`,
    channel: `${base}:changes`,
    entry: (ref) => `${base}:entry:${refKey(ref)}`,
    lock: (ref) => `${base}:lock:${refKey(ref)}`,
  };
}
