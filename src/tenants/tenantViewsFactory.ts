import type { ScopedModelsConfig } from '../config/schema.js';
import type { Secret } from '../config/Secret.js';
import type { TenantViewsFactory } from '../manager/SharedCatalog.js';
import type { ProviderContext } from '../providers/createProvider.js';
import { keyedProviders } from './keyedProviders.js';
import { TenantCatalog } from './TenantCatalog.js';

/** Options of {@link tenantViewsFactory}. */
export interface TenantViewsFactoryOptions {
  /** The same validated configuration the manager was built from. */
  config: ScopedModelsConfig;
  /** How tenants' providers are built (proxy and `OLLAMA_HOST` variables, timeouts); default no environment. */
  context?: ProviderContext | undefined;
  /** Fingerprints agree across instances under it (see `tenants.fingerprintSecretEnv`); default random per process. */
  fingerprintSecret?: Secret | undefined;
}

/**
 * What `manager.forTenant` needs, for a manager built by hand (`createContainer` binds it):
 * `new ProviderManager(config, cache, providers, clock, logger, store, bus, tenantViewsFactory({ config }))`.
 */
export function tenantViewsFactory(options: TenantViewsFactoryOptions): TenantViewsFactory {
  const { config, fingerprintSecret } = options;
  return (shared) => {
    const context = options.context ?? { environment: {}, discovery: config.discovery, clock: shared.clock };
    return new TenantCatalog(shared, { config, keyed: keyedProviders(config, context), fingerprintSecret });
  };
}
