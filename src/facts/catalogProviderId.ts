import type { ProviderConfig } from '../config/schema.js';

/** models.dev's id for each of our provider types and presets; absent: the catalog has no such provider. */
const BY_TYPE: Readonly<Partial<Record<ProviderConfig['type'], string>>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  openrouter: 'openrouter',
};

const BY_PRESET: Readonly<Partial<Record<NonNullable<ProviderConfig['preset']>, string>>> = {
  groq: 'groq',
  mistral: 'mistral',
  deepseek: 'deepseek',
  xai: 'xai',
  together: 'togetherai',
  lmstudio: 'lmstudio',
};

/** Our provider names that models.dev spells otherwise. */
const BY_NAME: Readonly<Record<string, string>> = { gemini: 'google', together: 'togetherai' };

/**
 * The models.dev provider whose facts apply to a provider: by its configured type and preset;
 * for a fixed list (`static`) or an adapter bound in code, by its name (`gemini` → `google`).
 * An `openai-compatible` server without a preset (vLLM, llama.cpp, a gateway) has none: its
 * models are whatever the server says they are.
 */
export function catalogProviderId(name: string, config: Pick<ProviderConfig, 'type' | 'preset'> | undefined): string | undefined {
  if (config === undefined || config.type === 'static') return BY_NAME[name] ?? name;
  if (config.type === 'openai-compatible') return config.preset === undefined ? undefined : BY_PRESET[config.preset];
  return BY_TYPE[config.type];
}
