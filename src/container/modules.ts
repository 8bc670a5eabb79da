import { ContainerModule } from 'inversify';
import { LruModelCache } from '../cache/LruModelCache.js';
import type { ModelCache } from '../cache/ModelCache.js';
import { NullSentinelModelCache } from '../cache/NullSentinelModelCache.js';
import type { ScopedModelsConfig } from '../config/schema.js';
import { ModelCommandCompleter } from '../completion/ModelCommandCompleter.js';
import { consoleLogger, silentLogger, type Logger } from '../logging/Logger.js';
import { DiscoveryEvents } from '../manager/DiscoveryEvents.js';
import { ProviderManager } from '../manager/ProviderManager.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import { createModelsHandler, type ModelsHandler } from '../server/createModelsHandler.js';
import { systemClock, type Clock } from '../time/Clock.js';
import { TYPES } from '../tokens.js';
import type { Environment } from './environment.js';

type CacheStrategy = NonNullable<ScopedModelsConfig['cache']['strategy']>;

/** The strategy each environment binds unless `config.cache.strategy` says otherwise. */
export const DEFAULT_CACHE_STRATEGY: Record<Environment, CacheStrategy> = {
  development: 'null-sentinel',
  test: 'null-sentinel',
  production: 'lru',
};

/**
 * What every environment binds: configuration, providers, clock, the manager and the completer;
 * and `events`, through which the manager tells observers (the providers' retries reach it too).
 */
export function coreModule(config: ScopedModelsConfig, providers: readonly ModelProvider[], events = new DiscoveryEvents()): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<DiscoveryEvents>(TYPES.DiscoveryEvents).toConstantValue(events);
    bind<ScopedModelsConfig>(TYPES.Config).toConstantValue(config);
    bind<Clock>(TYPES.Clock).toConstantValue(systemClock);
    for (const provider of providers) bind<ModelProvider>(TYPES.ModelProvider).toConstantValue(provider);
    bind<ProviderManager>(TYPES.ProviderManager)
      .to(ProviderManager)
      .inSingletonScope()
      .onDeactivation((manager) => manager.close());
    bind<ModelCommandCompleter>(TYPES.ModelCommandCompleter)
      .toDynamicValue((context) => new ModelCommandCompleter(context.get<ProviderManager>(TYPES.ProviderManager), { capability: 'chat' }))
      .inSingletonScope();
  });
}

/** The environment's choices: the cache strategy and where warnings go. */
export function environmentModule(env: Environment, config: ScopedModelsConfig): ContainerModule {
  const strategy = config.cache.strategy ?? DEFAULT_CACHE_STRATEGY[env];
  return new ContainerModule(({ bind }) => {
    bind<Logger>(TYPES.Logger).toConstantValue(env === 'test' ? silentLogger : consoleLogger);
    bind<ModelCache>(TYPES.ModelCache)
      .toDynamicValue((context) =>
        strategy === 'lru'
          ? new LruModelCache({
              max: config.cache.max,
              ...(config.cache.ttlMs === undefined ? {} : { ttlMs: config.cache.ttlMs }),
              clock: context.get<Clock>(TYPES.Clock),
            })
          : new NullSentinelModelCache(),
      )
      .inSingletonScope();
  });
}

/**
 * Binds the HTTP handler (`TYPES.ModelsHandler`), a singleton over the container's manager. Its
 * admin token is read from the variable `config.serve.adminTokenEnv` names; unset or empty, the
 * refresh route does not exist.
 */
export function serveModule(config: ScopedModelsConfig, environment: Readonly<Record<string, string | undefined>>): ContainerModule {
  const tokenEnv = config.serve?.adminTokenEnv;
  const token = tokenEnv === undefined ? undefined : environment[tokenEnv];
  const adminToken = token === undefined || token.trim() === '' ? undefined : token.trim();
  return new ContainerModule(({ bind }) => {
    bind<ModelsHandler>(TYPES.ModelsHandler)
      .toDynamicValue((context) =>
        createModelsHandler(context.get<ProviderManager>(TYPES.ProviderManager), {
          adminToken,
          clock: context.get<Clock>(TYPES.Clock),
          logger: context.get<Logger>(TYPES.Logger),
        }),
      )
      .inSingletonScope()
      .onDeactivation((handler) => handler.close());
  });
}
