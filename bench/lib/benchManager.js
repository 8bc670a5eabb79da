import { createContainer, TYPES } from '../../dist/index.js';

/** @typedef {import('../../dist/index.js').ProviderManager} ProviderManager */
/** @typedef {import('../../dist/index.js').ModelCache} ModelCache */
/** @typedef {import('../../dist/index.js').ModelInfo} ModelInfo */
/** @typedef {import('inversify').Container} Container */

/**
 * A provider whose list the bench sets: known from the start (like a fixed list), and
 * answering a discovery with whatever `models` holds then, as fresh objects like a parsed
 * HTTP answer would be.
 */
export class BenchProvider {
  /**
   * @param {string} name
   * @param {readonly string[]} ids
   * @param {{ initial?: boolean }} [options] `initial: false` starts empty until a discovery
   */
  constructor(name, ids, options = {}) {
    /** @readonly */
    this.name = name;
    /** @type {readonly string[]} */
    this.ids = ids;
    /** @type {ModelInfo[] | undefined} */
    this.initialModels = options.initial === false ? undefined : ids.map((id) => ({ id }));
    /** How many times it was asked for its list. */
    this.calls = 0;
  }

  /** @param {AbortSignal} signal */
  listModels(signal) {
    signal.throwIfAborted();
    this.calls++;
    return Promise.resolve(this.ids.map((id) => ({ id })));
  }
}

/**
 * A container as an application builds it (`createContainer`), with one {@link BenchProvider}
 * per entry of `catalog`, and its manager once it has loaded its store.
 * @param {Map<string, readonly string[]>} catalog provider name → model ids
 * @param {{ strategy?: 'null-sentinel' | 'lru', initial?: boolean }} [options]
 * @returns {Promise<{ container: Container, manager: ProviderManager, cache: ModelCache, providers: BenchProvider[] }>}
 */
export async function benchManager(catalog, options = {}) {
  const container = createContainer({ env: 'test', config: { cache: { strategy: options.strategy ?? 'null-sentinel' } } });
  const providers = [...catalog].map(([name, ids]) => new BenchProvider(name, ids, { initial: options.initial ?? true }));
  for (const provider of providers) container.bind(TYPES.ModelProvider).toConstantValue(provider);
  /** @type {ProviderManager} */
  const manager = container.get(TYPES.ProviderManager);
  await manager.ready();
  /** @type {ModelCache} */
  const cache = container.get(TYPES.ModelCache);
  return { container, manager, cache, providers };
}
