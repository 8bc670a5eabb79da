import type { COMPATIBLE_PRESETS, PROVIDER_TYPES } from '../config/schema.js';

/** A provider type with an HTTP adapter (Bedrock speaks through the AWS SDK instead). */
export type HttpProviderType = Exclude<(typeof PROVIDER_TYPES)[number], 'static' | 'bedrock'>;

/** A preset of the `openai-compatible` type. */
export type CompatiblePreset = (typeof COMPATIBLE_PRESETS)[number];

/** What an adapter assumes when the configuration does not say. */
export interface ProviderDefaults {
  /** The base URL the provider's own SDK uses; `undefined` when the configuration must give one. */
  baseUrl: string | undefined;
  /** Variables the key is read from when neither `apiKey` nor `apiKeyEnv` is given; the first set wins. */
  keyEnv: readonly string[];
  /** Whether the provider is unusable without a key (it is then skipped, not failed). */
  keyRequired: boolean;
}

/** Where a config-less start (and an `azure-openai` entry without `baseUrl`) finds the Azure resource endpoint. */
export const AZURE_ENDPOINT_ENV = 'AZURE_OPENAI_ENDPOINT';

/** The defaults of each type; `openai-compatible` without a preset needs a `baseUrl`. */
export const TYPE_DEFAULTS: Readonly<Record<HttpProviderType, ProviderDefaults>> = {
  openai: { baseUrl: 'https://api.openai.com/v1', keyEnv: ['OPENAI_API_KEY'], keyRequired: true },
  'openai-compatible': { baseUrl: undefined, keyEnv: [], keyRequired: false },
  anthropic: { baseUrl: 'https://api.anthropic.com', keyEnv: ['ANTHROPIC_API_KEY'], keyRequired: true },
  gemini: { baseUrl: 'https://generativelanguage.googleapis.com', keyEnv: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'], keyRequired: true },
  ollama: { baseUrl: 'http://localhost:11434', keyEnv: [], keyRequired: false },
  openrouter: { baseUrl: 'https://openrouter.ai/api/v1', keyEnv: ['OPENROUTER_API_KEY'], keyRequired: false },
  // The resource endpoint (`https://<resource>.openai.azure.com`) comes from the config or AZURE_OPENAI_ENDPOINT.
  'azure-openai': { baseUrl: undefined, keyEnv: ['AZURE_OPENAI_API_KEY'], keyRequired: true },
  cohere: { baseUrl: 'https://api.cohere.com', keyEnv: ['COHERE_API_KEY', 'CO_API_KEY'], keyRequired: true },
};

/** The defaults of each `openai-compatible` preset. */
export const PRESET_DEFAULTS: Readonly<Record<CompatiblePreset, ProviderDefaults>> = {
  groq: { baseUrl: 'https://api.groq.com/openai/v1', keyEnv: ['GROQ_API_KEY'], keyRequired: true },
  mistral: { baseUrl: 'https://api.mistral.ai/v1', keyEnv: ['MISTRAL_API_KEY'], keyRequired: true },
  deepseek: { baseUrl: 'https://api.deepseek.com', keyEnv: ['DEEPSEEK_API_KEY'], keyRequired: true },
  xai: { baseUrl: 'https://api.x.ai/v1', keyEnv: ['XAI_API_KEY'], keyRequired: true },
  together: { baseUrl: 'https://api.together.xyz/v1', keyEnv: ['TOGETHER_API_KEY'], keyRequired: true },
  lmstudio: { baseUrl: 'http://localhost:1234/v1', keyEnv: [], keyRequired: false },
  vllm: { baseUrl: 'http://localhost:8000/v1', keyEnv: ['VLLM_API_KEY'], keyRequired: false },
  llamacpp: { baseUrl: 'http://localhost:8080/v1', keyEnv: ['LLAMA_API_KEY'], keyRequired: false },
  huggingface: { baseUrl: 'https://router.huggingface.co/v1', keyEnv: ['HF_TOKEN'], keyRequired: true },
};

/** The defaults for a type and (for `openai-compatible`) a preset. */
export function providerDefaults(type: HttpProviderType, preset?: CompatiblePreset): ProviderDefaults {
  return type === 'openai-compatible' && preset !== undefined ? PRESET_DEFAULTS[preset] : TYPE_DEFAULTS[type];
}

/** A provider a config-less start creates when its key variable (or, for Ollama, `OLLAMA_HOST`) is set. */
export interface EnvironmentProvider {
  name: string;
  type: HttpProviderType;
  preset?: CompatiblePreset;
  /** The variables any of which, when set, enables it. */
  enabledBy: readonly string[];
  /** Variables that must all be set as well (Azure needs its endpoint beside the key). */
  alsoRequires?: readonly string[];
}

/** The providers of a config-less start, in this order. */
export const ENVIRONMENT_PROVIDERS: readonly EnvironmentProvider[] = [
  { name: 'openai', type: 'openai', enabledBy: TYPE_DEFAULTS.openai.keyEnv },
  { name: 'anthropic', type: 'anthropic', enabledBy: TYPE_DEFAULTS.anthropic.keyEnv },
  { name: 'gemini', type: 'gemini', enabledBy: TYPE_DEFAULTS.gemini.keyEnv },
  { name: 'openrouter', type: 'openrouter', enabledBy: TYPE_DEFAULTS.openrouter.keyEnv },
  { name: 'mistral', type: 'openai-compatible', preset: 'mistral', enabledBy: PRESET_DEFAULTS.mistral.keyEnv },
  { name: 'groq', type: 'openai-compatible', preset: 'groq', enabledBy: PRESET_DEFAULTS.groq.keyEnv },
  { name: 'deepseek', type: 'openai-compatible', preset: 'deepseek', enabledBy: PRESET_DEFAULTS.deepseek.keyEnv },
  { name: 'xai', type: 'openai-compatible', preset: 'xai', enabledBy: PRESET_DEFAULTS.xai.keyEnv },
  { name: 'together', type: 'openai-compatible', preset: 'together', enabledBy: PRESET_DEFAULTS.together.keyEnv },
  { name: 'ollama', type: 'ollama', enabledBy: ['OLLAMA_HOST'] },
  { name: 'azure', type: 'azure-openai', enabledBy: TYPE_DEFAULTS['azure-openai'].keyEnv, alsoRequires: [AZURE_ENDPOINT_ENV] },
  { name: 'cohere', type: 'cohere', enabledBy: TYPE_DEFAULTS.cohere.keyEnv },
  { name: 'huggingface', type: 'openai-compatible', preset: 'huggingface', enabledBy: PRESET_DEFAULTS.huggingface.keyEnv },
];

/** The first non-empty value among `names` in `environment`. */
export function firstSet(environment: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = environment[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Where a user sets the key, for messages: `GOOGLE_API_KEY or GEMINI_API_KEY or apiKey in the config`. */
export function keyHint(keyEnv: readonly string[]): string {
  return [...keyEnv, 'apiKey in the config'].join(' or ');
}
