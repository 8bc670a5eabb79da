import { Container } from 'inversify';
import { parseConfig } from '../config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../config/schema.js';
import { DiscoveryEvents } from '../manager/DiscoveryEvents.js';
import { traceDiscoveries } from '../observability/traceDiscoveries.js';
import { createProvider } from '../providers/createProvider.js';
import { systemClock } from '../time/Clock.js';
import { environmentFromNodeEnv, type Environment } from './environment.js';
import { factsModule } from './factsModule.js';
import { coreModule, environmentModule, serveModule } from './modules.js';
import { providersFromEnvironment } from './providersFromEnvironment.js';
import { readConfig, resolveCredentials, resolveFingerprintSecret } from './resolveConfig.js';
import { tenantsModule } from './tenantsModule.js';
import { chooseStore, storeModule } from './storeModule.js';

/** Options of {@link createContainer}. */
export interface CreateContainerOptions {
  /** Chooses the bindings; default from `NODE_ENV` (unset: `development`; unknown: `production`). */
  env?: Environment;
  /** A configuration object as a user writes it, or the path of a JSON file. */
  config?: ScopedModelsConfigInput | string;
  /**
   * Where credentials named by `apiKeyEnv` and the providers of a config-less start are read
   * from. Default `process.env`, except in `test`, which reads no environment unless given one.
   */
  environment?: Readonly<Record<string, string | undefined>>;
  /**
   * The catalog store when neither `config.store` nor the environment (production with
   * `REDIS_URL`) chooses one. Default `memory`; the CLI uses `file`.
   */
  defaultStore?: 'memory' | 'file';
}

/**
 * Builds an inversify container with everything bound: configuration, providers, the cache
 * strategy of the environment, the catalog store and the `ProviderManager`. Synchronous:
 * nothing is fetched and no connection opened until used. `await container.unbindAllAsync()`
 * closes connections and timers.
 * @throws {ConfigError} when the configuration is invalid.
 * @example
 * const container = createContainer({ env: 'production', config: './scoped-models.config.json' });
 * const manager = container.get<ProviderManager>(TYPES.ProviderManager);
 */
export function createContainer(options: CreateContainerOptions = {}): Container {
  const env = options.env ?? environmentFromNodeEnv(process.env['NODE_ENV']);
  const environment = options.environment ?? (env === 'test' ? {} : process.env);
  const userConfig = readConfig(options.config);
  const base = userConfig ?? parseConfig({ providers: env === 'test' ? [] : providersFromEnvironment(environment) });
  const resolved = resolveCredentials(base, environment);
  const config = { ...resolved, store: chooseStore(resolved, env, environment, options.defaultStore ?? 'memory') };
  // Discoveries are traced through @opentelemetry/api: a no-op until the application installs an SDK.
  const events = new DiscoveryEvents();
  traceDiscoveries(events);
  const onRetry = (event: { provider: string }): void => events.retried(event.provider);
  const context = { environment, discovery: config.discovery, clock: systemClock, random: Math.random, onRetry };
  const providers = config.providers.map((provider, index) => createProvider(provider, index, context));
  const fingerprintSecret = resolveFingerprintSecret(config, environment);
  const container = new Container();
  container.load(coreModule(config, providers, events), environmentModule(env, config), storeModule(config.store, environment), serveModule(config, environment));
  container.load(tenantsModule(config, context, fingerprintSecret));
  container.load(factsModule(env, environment));
  return container;
}
