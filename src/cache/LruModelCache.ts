import { LRUCache } from 'lru-cache';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import type { Clock } from '../time/Clock.js';
import { frozen, type ModelCache } from './ModelCache.js';

/** Options of {@link LruModelCache}. */
export interface LruModelCacheOptions {
  /** Most lists held at once, one per distinct query; the least recently used goes first. Default 256. */
  max?: number;
  /** Milliseconds a list stays usable after it was stored; default: until invalidated. */
  ttlMs?: number;
  /** The time source for `ttlMs`; default the system clock. */
  clock?: Pick<Clock, 'now'>;
}

/**
 * The production strategy, for backends that serve many distinct queries (per provider
 * subset, per capability): many keys, bounded by `max`, optionally expiring after `ttlMs`.
 * Built on `lru-cache`.
 */
export class LruModelCache implements ModelCache {
  readonly #lru: LRUCache<string, readonly string[]>;
  // lru-cache writes `status` into the options of every get, allocating a fresh object when
  // none is passed; one reused object keeps a hit allocation-free.
  readonly #getOptions: LRUCache.GetOptions<string, readonly string[], unknown> = {};

  constructor(options: LruModelCacheOptions = {}) {
    const { max = 256, ttlMs, clock } = options;
    if (!Number.isInteger(max) || max < 1) {
      throw new ScopedModelsError('invalid_option', `LruModelCache: max must be a whole number ≥ 1, got ${String(max)}`);
    }
    if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
      throw new ScopedModelsError('invalid_option', `LruModelCache: ttlMs must be a positive number of milliseconds, got ${String(ttlMs)}`);
    }
    this.#lru = new LRUCache<string, readonly string[]>({
      max,
      ...(ttlMs === undefined ? {} : { ttl: ttlMs, ttlAutopurge: false }),
      // ttlResolution 0: read the injected clock on every check instead of caching it on a timer.
      ...(clock === undefined ? {} : { perf: { now: () => clock.now() }, ttlResolution: 0 }),
    });
  }

  /** Most lists held at once. */
  get max(): number {
    return this.#lru.max;
  }

  get(key: string): readonly string[] | null {
    return this.#lru.get(key, this.#getOptions) ?? null;
  }

  set(key: string, models: readonly string[]): void {
    this.#lru.set(key, frozen(models));
  }

  invalidate(): void {
    this.#lru.clear();
  }
}
