/**
 * Where `ProviderManager` keeps built lists between reads. Synchronous on purpose: a
 * keystroke never awaits. Implementations hand out frozen arrays only.
 */
export interface ModelCache {
  /** The cached list for `key`, or `null` when there is none (the null sentinel). */
  get(key: string): readonly string[] | null;
  /** Stores `models` under `key`; a list that is not frozen is copied and frozen first. */
  set(key: string, models: readonly string[]): void;
  /** Forgets every entry. */
  invalidate(): void;
}

/** The list as it will be held and handed out: frozen, so no caller can change it. */
export function frozen(models: readonly string[]): readonly string[] {
  return Object.isFrozen(models) ? models : Object.freeze([...models]);
}
