export type { ModelCache } from './cache/ModelCache.js';
export { NullSentinelModelCache } from './cache/NullSentinelModelCache.js';
export { LruModelCache, type LruModelCacheOptions } from './cache/LruModelCache.js';
export type { ModelInfo, ModelListing, ModelProvider } from './providers/ModelProvider.js';
export { StaticProvider } from './providers/StaticProvider.js';
export { ProviderManager, type DiscoverOptions, type ModelsChangeListener } from './manager/ProviderManager.js';
export type {
  DiscoveryReport,
  ModelQuery,
  ModelsChange,
  ProviderReport,
  ProviderStatus,
  ScopedModelInfo,
} from './manager/types.js';
export { TYPES } from './tokens.js';
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
export { systemClock, type Clock } from './time/Clock.js';
export { consoleLogger, silentLogger, type Logger } from './logging/Logger.js';
