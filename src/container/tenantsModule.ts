import { ContainerModule } from 'inversify';
import type { ScopedModelsConfig } from '../config/schema.js';
import type { Secret } from '../config/Secret.js';
import type { TenantViewsFactory } from '../manager/SharedCatalog.js';
import type { ProviderContext } from '../providers/createProvider.js';
import { tenantViewsFactory } from '../tenants/tenantViewsFactory.js';
import { TYPES } from '../tokens.js';

/** Binds what `manager.forTenant` builds its views with: tenants' providers are built like the configured ones. */
export function tenantsModule(config: ScopedModelsConfig, context: ProviderContext, fingerprintSecret: Secret | undefined): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<TenantViewsFactory>(TYPES.TenantViewsFactory).toConstantValue(tenantViewsFactory({ config, context, fingerprintSecret }));
  });
}
