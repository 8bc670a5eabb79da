import type { ProviderConfig, ScopedModelsConfig } from '../config/schema.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { ModelProvider } from './ModelProvider.js';
import { StaticProvider } from './StaticProvider.js';

/** What an adapter needs besides its own config entry. */
export interface ProviderContext {
  /** Where default key variables (`OPENAI_API_KEY`, …) are read from. */
  environment: Readonly<Record<string, string | undefined>>;
  discovery: ScopedModelsConfig['discovery'];
}

/** Builds the adapter for one configured provider. */
export function createProvider(config: ProviderConfig, index: number, _context: ProviderContext): ModelProvider {
  switch (config.type) {
    case 'static':
      return new StaticProvider(config.name, (config.models ?? []).map((model) => (typeof model === 'string' ? { id: model } : model)));
    default:
      throw new ConfigError([{ path: `providers[${index}].type`, message: `type "${config.type}" has no adapter yet` }]);
  }
}
