import { loadConfig } from '../config/loadConfig.js';
import { parseConfig } from '../config/parseConfig.js';
import type { ScopedModelsConfig, ScopedModelsConfigInput } from '../config/schema.js';
import { Secret } from '../config/Secret.js';

/** Parses or loads the user's configuration; `undefined` when there is none. */
export function readConfig(config: ScopedModelsConfigInput | string | undefined): ScopedModelsConfig | undefined {
  if (config === undefined) return undefined;
  return typeof config === 'string' ? loadConfig(config) : parseConfig(config);
}

/**
 * Fills each `apiKeyEnv` from the environment, so the bound configuration carries every
 * credential as a {@link Secret} (and the manager can keep all of them out of messages).
 */
export function resolveCredentials(
  config: ScopedModelsConfig,
  environment: Readonly<Record<string, string | undefined>>,
): ScopedModelsConfig {
  return {
    ...config,
    providers: config.providers.map((provider) => {
      if (provider.apiKey !== undefined || provider.apiKeyEnv === undefined) return provider;
      const value = environment[provider.apiKeyEnv];
      return value === undefined || value === '' ? provider : { ...provider, apiKey: new Secret(value) };
    }),
  };
}
