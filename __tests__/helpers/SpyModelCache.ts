import type { ModelCache } from '../../src/cache/ModelCache.js';

/** Wraps a cache and counts what the manager asks of it; `neverHit` turns every get into a miss. */
export class SpyModelCache implements ModelCache {
  gets = 0;
  sets = 0;
  invalidations = 0;
  readonly keys: string[] = [];

  constructor(
    readonly inner: ModelCache,
    readonly options: { neverHit?: boolean } = {},
  ) {}

  get(key: string): readonly string[] | null {
    this.gets++;
    return this.options.neverHit === true ? null : this.inner.get(key);
  }

  set(key: string, models: readonly string[]): void {
    this.sets++;
    this.keys.push(key);
    this.inner.set(key, models);
  }

  invalidate(): void {
    this.invalidations++;
    this.inner.invalidate();
  }
}
