import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { ProviderStatus } from '../manager/types.js';

/** The body of `GET /healthz`. Never holds a key: provider errors are redacted by the manager. */
export interface HealthBody {
  /** `degraded` while a usable provider's latest discovery failed (its last good list is served). */
  status: 'ok' | 'degraded';
  /** Valid models served now. */
  models: number;
  /** The manager's change counter. */
  generation: number;
  providers: ProviderStatus[];
}

/** What `GET /healthz` answers. */
export function healthBody(manager: ModelCatalogReader): HealthBody {
  const providers = manager.providerStatus();
  const failing = providers.some((provider) => provider.available && provider.state === 'failed');
  return {
    status: failing ? 'degraded' : 'ok',
    models: manager.validScopedModels().length,
    generation: manager.generation,
    providers,
  };
}
