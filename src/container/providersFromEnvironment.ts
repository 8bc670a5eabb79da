import type { ScopedModelsConfigInput } from '../config/schema.js';
import { ENVIRONMENT_PROVIDERS, firstSet } from '../providers/providerDefaults.js';

type ProviderInput = NonNullable<ScopedModelsConfigInput['providers']>[number];

/**
 * The providers a config-less start finds in the environment: one per known provider whose key
 * variable is set (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GOOGLE_API_KEY` or `GEMINI_API_KEY`,
 * `OPENROUTER_API_KEY`, `MISTRAL_API_KEY`, `GROQ_API_KEY`, `DEEPSEEK_API_KEY`, `XAI_API_KEY`,
 * `TOGETHER_API_KEY`, `COHERE_API_KEY` or `CO_API_KEY`, `HF_TOKEN`), plus Ollama when `OLLAMA_HOST` is
 * set and Azure OpenAI when both `AZURE_OPENAI_API_KEY` and `AZURE_OPENAI_ENDPOINT` are. Keys are not copied here:
 * `resolveCredentials` fills them from the same variables.
 */
export function providersFromEnvironment(environment: Readonly<Record<string, string | undefined>>): ProviderInput[] {
  const enabled = (known: (typeof ENVIRONMENT_PROVIDERS)[number]): boolean =>
    firstSet(environment, known.enabledBy) !== undefined && (known.alsoRequires ?? []).every((name) => firstSet(environment, [name]) !== undefined);
  return ENVIRONMENT_PROVIDERS.filter(enabled).map((known) =>
    known.preset === undefined ? { name: known.name, type: known.type } : { name: known.name, type: known.type, preset: known.preset },
  );
}
