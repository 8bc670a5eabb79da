import type { ProviderConfig, ScopedModelsConfig } from '../config/schema.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { RetryEvent } from '../http/HttpClient.js';
import { proxyDispatcher } from '../http/proxyDispatcher.js';
import type { Clock } from '../time/Clock.js';
import { AnthropicProvider } from './AnthropicProvider.js';
import { AzureOpenAiProvider } from './azure/AzureOpenAiProvider.js';
import { BedrockProvider } from './bedrock/BedrockProvider.js';
import { CohereProvider } from './cohere/CohereProvider.js';
import { HuggingFaceProvider } from './huggingface/HuggingFaceProvider.js';
import { GeminiProvider } from './GeminiProvider.js';
import type { HttpModelProvider, HttpProviderOptions } from './HttpModelProvider.js';
import type { ModelProvider } from './ModelProvider.js';
import { ollamaBaseUrl } from './ollamaHost.js';
import { OllamaProvider } from './OllamaProvider.js';
import { OpenAiCompatibleProvider } from './OpenAiCompatibleProvider.js';
import { OpenAiProvider } from './OpenAiProvider.js';
import { OpenRouterProvider } from './OpenRouterProvider.js';
import { AZURE_ENDPOINT_ENV, keyHint, providerDefaults, type HttpProviderType } from './providerDefaults.js';
import { StaticProvider } from './StaticProvider.js';

/** What an adapter needs besides its own config entry. */
export interface ProviderContext {
  /** Where `OLLAMA_HOST` and the proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`) are read from. */
  environment: Readonly<Record<string, string | undefined>>;
  discovery: ScopedModelsConfig['discovery'];
  /** Drives request timeouts, backoff waits and deadlines. Default the system clock. */
  clock?: Clock | undefined;
  /** A number in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: (() => number) | undefined;
  /** Told before each retry's wait (to log it, say). */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/**
 * Builds the adapter for one configured provider. Credentials are expected in `config.apiKey`
 * already (the container fills it from `apiKeyEnv` or the type's default variable).
 * @throws {ConfigError} naming `providers[index].…` when the entry cannot be used.
 */
export function createProvider(config: ProviderConfig, index: number, context: ProviderContext): ModelProvider {
  if (config.type === 'static') {
    return new StaticProvider(config.name, (config.models ?? []).map((model) => (typeof model === 'string' ? { id: model } : model)));
  }
  if (config.type === 'bedrock') return bedrockProvider(config, context);
  try {
    return createHttpProvider(config.type, config, httpOptions(config, context));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.issues.map((issue) => ({ ...issue, path: `providers[${index}].${issue.path}` })));
  }
}

/** `type` is `config.type`, narrowed by the caller, so a type with no case here fails to compile. */
function createHttpProvider(type: HttpProviderType, config: ProviderConfig, options: HttpProviderOptions): HttpModelProvider {
  const { preset } = config;
  switch (type) {
    case 'openai':
      return new OpenAiProvider(options);
    case 'openai-compatible':
      return preset === 'huggingface' ? new HuggingFaceProvider(options) : new OpenAiCompatibleProvider({ ...options, preset });
    case 'anthropic':
      return new AnthropicProvider(options);
    case 'gemini':
      return new GeminiProvider(options);
    case 'ollama':
      return new OllamaProvider(options);
    case 'openrouter':
      return new OpenRouterProvider(options);
    case 'azure-openai':
      return new AzureOpenAiProvider({ ...options, deployments: config.deployments });
    case 'cohere':
      return new CohereProvider(options);
  }
}

/** Region from the config or `AWS_REGION`; credentials stay with the AWS SDK's default chain. */
function bedrockProvider(config: ProviderConfig, context: ProviderContext): BedrockProvider {
  const region = config.region ?? nonEmpty(context.environment['AWS_REGION']) ?? nonEmpty(context.environment['AWS_DEFAULT_REGION']);
  return new BedrockProvider({
    name: config.name,
    region,
    endpoint: config.baseUrl,
    timeoutMs: context.discovery.timeoutMs,
    retries: context.discovery.retries,
    clock: context.clock,
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function httpOptions(config: ProviderConfig, context: ProviderContext): HttpProviderOptions {
  const type = config.type as HttpProviderType;
  const defaults = providerDefaults(type, config.preset);
  return {
    name: config.name,
    baseUrl: config.baseUrl ?? baseUrlFromEnvironment(type, context.environment),
    apiKey: config.apiKey,
    headers: config.headers,
    keyHint: keyHint(config.apiKeyEnv === undefined ? defaults.keyEnv : [config.apiKeyEnv]),
    timeoutMs: context.discovery.timeoutMs,
    requestTimeoutMs: context.discovery.requestTimeoutMs,
    retries: context.discovery.retries,
    maxBodyBytes: context.discovery.maxBodyBytes,
    clock: context.clock,
    random: context.random,
    dispatcher: proxyDispatcher(context.environment),
    onRetry: context.onRetry,
  };
}

function baseUrlFromEnvironment(type: HttpProviderType, environment: Readonly<Record<string, string | undefined>>): string | undefined {
  if (type === 'ollama') return ollamaFromEnvironment(environment);
  return type === 'azure-openai' ? nonEmpty(environment[AZURE_ENDPOINT_ENV]) : undefined;
}

function ollamaFromEnvironment(environment: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = environment['OLLAMA_HOST'];
  if (value === undefined || value.trim() === '') return undefined;
  const baseUrl = ollamaBaseUrl(value);
  if (baseUrl === undefined) {
    throw new ConfigError([{ path: 'baseUrl', message: 'OLLAMA_HOST is not a usable address; expected host:port or an http:// URL' }]);
  }
  return baseUrl;
}
