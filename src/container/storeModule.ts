import { ContainerModule } from 'inversify';
import type { ScopedModelsConfig } from '../config/schema.js';
import { Secret } from '../config/Secret.js';
import type { Logger } from '../logging/Logger.js';
import type { CatalogStore, InvalidationBus } from '../store/CatalogStore.js';
import { defaultCatalogPath } from '../store/defaultCatalogPath.js';
import { FileCatalogStore } from '../store/FileCatalogStore.js';
import { MemoryCatalogStore } from '../store/MemoryCatalogStore.js';
import { RedisCatalogStore } from '../store/redis/RedisCatalogStore.js';
import { RedisInvalidationBus } from '../store/redis/RedisInvalidationBus.js';
import type { RedisStoreOptions } from '../store/redis/RedisStoreOptions.js';
import type { Clock } from '../time/Clock.js';
import { TYPES } from '../tokens.js';
import type { Environment } from './environment.js';

/** Where the last good lists live, as chosen by `config.store`, the environment, or the caller's default. */
export type StoreChoice = NonNullable<ScopedModelsConfig['store']>;

/** An explicit `config.store` wins; else production with `REDIS_URL` uses Redis; else `fallback`. */
export function chooseStore(
  config: ScopedModelsConfig,
  env: Environment,
  environment: Readonly<Record<string, string | undefined>>,
  fallback: 'memory' | 'file',
): StoreChoice {
  const redisUrl = environment['REDIS_URL'];
  if (config.store !== undefined) {
    // `{ "type": "redis" }` without a url takes REDIS_URL, as the environment's own choice does.
    const fromEnvironment = config.store.type === 'redis' && config.store.url === undefined && redisUrl !== undefined && redisUrl !== '';
    return fromEnvironment ? { ...config.store, url: new Secret(redisUrl) } : config.store;
  }
  if (env === 'production' && redisUrl !== undefined && redisUrl !== '') {
    return { type: 'redis', url: new Secret(redisUrl), prefix: 'scoped-models', pollMs: 5_000 };
  }
  return { type: fallback, prefix: 'scoped-models', pollMs: 5_000 };
}

/** Binds the `CatalogStore` (and, for Redis, the `InvalidationBus`); the manager closes both. */
export function storeModule(store: StoreChoice, environment: Readonly<Record<string, string | undefined>>): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<CatalogStore>(TYPES.CatalogStore)
      .toDynamicValue((context) => {
        const clock = context.get<Clock>(TYPES.Clock);
        const logger = context.get<Logger>(TYPES.Logger);
        switch (store.type) {
          case 'file':
            return new FileCatalogStore({ path: store.path ?? defaultCatalogPath(environment), clock, logger });
          case 'redis':
            return new RedisCatalogStore({ ...redisTarget(store), prefix: store.prefix, commandTimeoutMs: store.commandTimeoutMs, logger });
          case 'memory':
            return new MemoryCatalogStore(clock);
        }
      })
      .inSingletonScope();
    if (store.type === 'redis') {
      // Its own subscriber connection: one per container.
      bind<InvalidationBus>(TYPES.InvalidationBus)
        .toDynamicValue((context) => new RedisInvalidationBus({ ...redisTarget(store), prefix: store.prefix, commandTimeoutMs: store.commandTimeoutMs, logger: context.get<Logger>(TYPES.Logger) }))
        .inSingletonScope();
    }
  });
}

/** One server (`url`, default 127.0.0.1:6379), a cluster (`nodes`) or sentinels (`sentinels` + `masterName`). */
function redisTarget(store: StoreChoice): Pick<RedisStoreOptions, 'url' | 'nodes' | 'sentinels' | 'masterName'> {
  if (store.nodes !== undefined) return { nodes: store.nodes };
  if (store.sentinels !== undefined) return { sentinels: store.sentinels, masterName: store.masterName, url: store.url };
  return { url: store.url ?? new Secret('redis://127.0.0.1:6379') };
}
