import { loadConfig } from '../config/loadConfig.js';
import { ConfigError } from '../errors/ConfigError.js';
import { parseConfig } from '../config/parseConfig.js';
import type { ScopedModelsConfig, ScopedModelsConfigInput } from '../config/schema.js';
import { Secret } from '../config/Secret.js';
import { firstSet, providerDefaults } from '../providers/providerDefaults.js';

/** Parses or loads the user's configuration; `undefined` when there is none. */
export function readConfig(config: ScopedModelsConfigInput | string | undefined): ScopedModelsConfig | undefined {
  if (config === undefined) return undefined;
  return typeof config === 'string' ? loadConfig(config) : parseConfig(config);
}

/**
 * Fills each `apiKey` from `apiKeyEnv`, or else from the type's (or preset's) default key
 * variable (`OPENAI_API_KEY`, `GOOGLE_API_KEY` then `GEMINI_API_KEY`, …), so the bound
 * configuration carries every credential as a {@link Secret} (and the manager can keep all of
 * them out of messages). Adapters read only `apiKey`.
 */
export function resolveCredentials(
  config: ScopedModelsConfig,
  environment: Readonly<Record<string, string | undefined>>,
): ScopedModelsConfig {
  return {
    ...config,
    providers: config.providers.map((provider) => {
      // Bedrock's credentials stay with the AWS SDK's own chain.
      if (provider.apiKey !== undefined || provider.type === 'static' || provider.type === 'bedrock') return provider;
      const names = provider.apiKeyEnv === undefined ? providerDefaults(provider.type, provider.preset).keyEnv : [provider.apiKeyEnv];
      const value = firstSet(environment, names);
      return value === undefined ? provider : { ...provider, apiKey: new Secret(value) };
    }),
  };
}

/** Shortest fingerprint secret accepted: anything shorter is guessable enough to test keys against stored lists. */
const MIN_SECRET_LENGTH = 32;

/**
 * The secret that tenant credentials are fingerprinted under, from the variable
 * `tenants.fingerprintSecretEnv` names; `undefined` when none is named (each process then draws
 * a random one, and tenant lists stay in that process).
 * @throws {ConfigError} when the variable is named but unset or shorter than 32 characters.
 */
export function resolveFingerprintSecret(
  config: ScopedModelsConfig,
  environment: Readonly<Record<string, string | undefined>>,
): Secret | undefined {
  const name = config.tenants?.fingerprintSecretEnv;
  if (name === undefined) return undefined;
  const value = environment[name]?.trim() ?? '';
  if (value.length < MIN_SECRET_LENGTH) {
    const problem = value === '' ? 'is not set' : `holds fewer than ${MIN_SECRET_LENGTH} characters`;
    throw new ConfigError([
      {
        path: 'tenants.fingerprintSecretEnv',
        message: `${name} ${problem}; set it to the same random value (at least ${MIN_SECRET_LENGTH} characters, e.g. \`openssl rand -hex 32\`) on every instance, or remove the field`,
      },
    ]);
  }
  return new Secret(value);
}
