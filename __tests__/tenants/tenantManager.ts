import 'reflect-metadata';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import type { Secret } from '../../src/config/Secret.js';
import type { Logger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import { createProvider } from '../../src/providers/createProvider.js';
import type { CatalogStore } from '../../src/store/CatalogStore.js';
import { tenantViewsFactory } from '../../src/tenants/tenantViewsFactory.js';
import type { Clock } from '../../src/time/Clock.js';
import { ManualClock } from '../helpers/ManualClock.js';

/** Every line a logger was given. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  warn(message: string): void {
    this.lines.push(message);
  }
  info(message: string): void {
    this.lines.push(message);
  }
}

/** What {@link tenantManager} builds. */
export interface TenantSetup {
  manager: ProviderManager;
  clock: ManualClock;
  logger: RecordingLogger;
}

/**
 * A manager built as the container builds it (providers from the config, one retry-free HTTP
 * layer), with tenant support, a manual clock and a recording logger.
 */
export function tenantManager(
  input: ScopedModelsConfigInput,
  options: { clock?: ManualClock; store?: CatalogStore; fingerprintSecret?: Secret; retries?: number } = {},
): TenantSetup {
  const config = parseConfig({ ...input, discovery: { retries: options.retries ?? 0, ...input.discovery } });
  const clock = options.clock ?? new ManualClock();
  const logger = new RecordingLogger();
  const context = { environment: {}, discovery: config.discovery, clock: clock as Clock };
  const providers = config.providers.map((provider, index) => createProvider(provider, index, context));
  const factory = tenantViewsFactory({ config, context, fingerprintSecret: options.fingerprintSecret });
  const manager = new ProviderManager(config, new NullSentinelModelCache(), providers, clock, logger, options.store, undefined, factory);
  return { manager, clock, logger };
}
