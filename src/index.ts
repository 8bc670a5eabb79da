export type { ModelCache } from './cache/ModelCache.js';
export { NullSentinelModelCache } from './cache/NullSentinelModelCache.js';
export { LruModelCache, type LruModelCacheOptions } from './cache/LruModelCache.js';
export type { ModelInfo, ModelListing, ModelProvider } from './providers/ModelProvider.js';
export { StaticProvider } from './providers/StaticProvider.js';
export { OpenAiProvider } from './providers/OpenAiProvider.js';
export { OpenAiCompatibleProvider, type OpenAiCompatibleProviderOptions } from './providers/OpenAiCompatibleProvider.js';
export { AnthropicProvider } from './providers/AnthropicProvider.js';
export { GeminiProvider } from './providers/GeminiProvider.js';
export { OllamaProvider } from './providers/OllamaProvider.js';
export { OpenRouterProvider } from './providers/OpenRouterProvider.js';
export { AzureOpenAiProvider, type AzureOpenAiProviderOptions } from './providers/azure/AzureOpenAiProvider.js';
export type { AzureDeployment } from './providers/azure/readAzureModels.js';
export { CohereProvider } from './providers/cohere/CohereProvider.js';
export { HuggingFaceProvider } from './providers/huggingface/HuggingFaceProvider.js';
export { BedrockProvider, type BedrockCredentials, type BedrockProviderOptions } from './providers/bedrock/BedrockProvider.js';
export type { HttpProviderOptions } from './providers/HttpModelProvider.js';
export type { RetryEvent } from './http/HttpClient.js';
export { ProviderManager, type DiscoverOptions } from './manager/ProviderManager.js';
export { DiscoveryEvents } from './manager/DiscoveryEvents.js';
export type {
  CacheStats,
  DiscoveryFinished,
  DiscoveryObserver,
  DiscoveryStarted,
  FetchFinished,
  FetchStarted,
  ObservableCatalog,
} from './manager/DiscoveryObserver.js';
export { createModelMetrics, type ModelMetrics, type ModelMetricsOptions } from './observability/createModelMetrics.js';
export { traceDiscoveries, type TraceDiscoveriesOptions } from './observability/traceDiscoveries.js';
export type { ModelCatalogReader, ModelsChangeListener, TenantAwareCatalog, TenantIdentity } from './manager/ModelCatalogReader.js';
export type { TenantView } from './manager/TenantView.js';
export { tenantViewsFactory, type TenantViewsFactoryOptions } from './tenants/tenantViewsFactory.js';
export { CAPABILITIES, isCapability, type Capability } from './capabilities/Capability.js';
export { closestWord } from './capabilities/closestWord.js';
export { MODALITIES, type Modality, type ModelFacts, type ModelPricing } from './facts/ModelFacts.js';
export { FactsCatalog, type FactsCatalogSource } from './facts/FactsCatalog.js';
export { bundledFactsCatalog } from './facts/bundledFactsCatalog.js';
export { defaultFactsCatalogPath } from './facts/fetchedCatalogFile.js';
export { MODELS_DEV_URL, updateFactsCatalog, type UpdateFactsCatalogOptions } from './facts/updateFactsCatalog.js';
export type {
  DiscoveryReport,
  FactSource,
  ModelFactName,
  ModelQuery,
  ModelsChange,
  ProviderReport,
  ProviderStatus,
  ScopedModelInfo,
} from './manager/types.js';
export {
  ModelCommandCompleter,
  type CompletionResult,
  type ModelCommandCompleterOptions,
  type CompletionSource,
  type ReadlineCompleter,
} from './completion/ModelCommandCompleter.js';
export type { CatalogStore, CommitResult, EntryRef, InvalidationBus, InvalidationListener, StoredEntry } from './store/CatalogStore.js';
export { MemoryCatalogStore } from './store/MemoryCatalogStore.js';
export { FileCatalogStore, type FileCatalogStoreOptions } from './store/FileCatalogStore.js';
export { defaultCatalogPath } from './store/defaultCatalogPath.js';
export { RedisCatalogStore } from './store/redis/RedisCatalogStore.js';
export { RedisInvalidationBus } from './store/redis/RedisInvalidationBus.js';
export type { RedisStoreOptions, RedisTlsOptions } from './store/redis/RedisStoreOptions.js';
export { TYPES } from './tokens.js';
export { createModelsHandler, type ModelsHandler } from './server/createModelsHandler.js';
export type { ModelsCoreOptions, ModelsHandlerOptions, ModelsMetricsOptions, TenantResolver } from './server/ModelsHandlerOptions.js';
export { createModelsFetchHandler, type ModelsFetchHandler, type ModelsFetchHandlerOptions } from './server/createModelsFetchHandler.js';
export type { RefreshableCatalog } from './server/RefreshableCatalog.js';
export type { OpenAiModel, OpenAiModelList, OpenAiModelPricing } from './server/openAiModel.js';
export { withStatusPage } from './server/statusPage/withStatusPage.js';
export type { HealthBody } from './server/healthBody.js';
export { createContainer, type CreateContainerOptions } from './container/createContainer.js';
export type { Environment } from './container/environment.js';
export { parseConfig } from './config/parseConfig.js';
export { loadConfig } from './config/loadConfig.js';
export type { ProviderConfig, ScopedModelsConfig, ScopedModelsConfigInput } from './config/schema.js';
export { Secret } from './config/Secret.js';
export { ScopedModelsError } from './errors/ScopedModelsError.js';
export { ConfigError, type ConfigIssue } from './errors/ConfigError.js';
export { ProviderError, type ProviderErrorCode } from './errors/ProviderError.js';
export { UnknownProviderError } from './errors/UnknownProviderError.js';
export { StoreUnavailableError } from './errors/StoreUnavailableError.js';
export { BedrockSdkMissingError } from './errors/BedrockSdkMissingError.js';
export { systemClock, type Clock, type TimerOptions } from './time/Clock.js';
export { consoleLogger, silentLogger, type Logger } from './logging/Logger.js';
