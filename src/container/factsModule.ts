import { ContainerModule } from 'inversify';
import { bundledFactsCatalog } from '../facts/bundledFactsCatalog.js';
import type { FactsCatalog } from '../facts/FactsCatalog.js';
import { newestFactsCatalog } from '../facts/newestFactsCatalog.js';
import { TYPES } from '../tokens.js';
import type { Environment } from './environment.js';

/**
 * Binds the catalog of model facts: the newer of the bundled one and the one `scoped-models
 * catalog update` fetched into the user's cache folder. `test` never reads that folder, so a
 * test sees the bundled catalog whatever the machine has fetched.
 */
export function factsModule(env: Environment, environment: Readonly<Record<string, string | undefined>>): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<FactsCatalog>(TYPES.FactsCatalog)
      .toDynamicValue(() => (env === 'test' ? bundledFactsCatalog() : newestFactsCatalog(environment)))
      .inSingletonScope();
  });
}
