import type { ScopedModelsConfig, TenantKeysMode } from '../config/schema.js';
import type { Secret } from '../config/Secret.js';
import { HttpModelProvider } from '../providers/HttpModelProvider.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import { createProvider, type ProviderContext } from '../providers/createProvider.js';

/** A provider that tenants may bring their own key for. */
export interface KeyedProviderSource {
  mode: Exclude<TenantKeysMode, 'none'>;
  /** Where it asks, for telling credentials apart. */
  baseUrl: string;
  /** The same adapter (type, base URL, headers, limits) asking with `key`. */
  withKey(key: Secret): ModelProvider;
}

/**
 * The configured providers whose `tenantKeys` is `optional` or `required`, by name. Each is
 * built as the container builds it, with the tenant's key in place of the configured one.
 */
export function keyedProviders(config: ScopedModelsConfig, context: ProviderContext): ReadonlyMap<string, KeyedProviderSource> {
  const sources = new Map<string, KeyedProviderSource>();
  config.providers.forEach((provider, index) => {
    const mode = provider.tenantKeys ?? 'none';
    if (mode === 'none' || provider.type === 'static') return;
    // Built once with the configured key only to learn its base URL; nothing is sent.
    const probe = createProvider(provider, index, context);
    const baseUrl = probe instanceof HttpModelProvider ? probe.baseUrl : '';
    sources.set(provider.name, { mode, baseUrl, withKey: (key) => createProvider({ ...provider, apiKey: key }, index, context) });
  });
  return sources;
}
