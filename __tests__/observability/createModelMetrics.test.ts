import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { silentLogger } from '../../src/logging/Logger.js';
import type { ModelCatalogReader } from '../../src/manager/ModelCatalogReader.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import { createModelMetrics, type ModelMetrics } from '../../src/observability/createModelMetrics.js';
import { createProvider } from '../../src/providers/createProvider.js';
import { MemoryCatalogStore } from '../../src/store/MemoryCatalogStore.js';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { systemClock } from '../../src/time/Clock.js';
import { startOpenAiServer } from '../helpers/fakeProviderServer.js';
import { LocalBusHub } from '../helpers/LocalBusHub.js';
import { trackServers } from '../helpers/trackServers.js';
import { sample } from './metricsText.js';

const SECRET_KEY = 'sk-metrics-secret-0123456789';
const track = trackServers();
const opened: { manager: ProviderManager; metrics: ModelMetrics }[] = [];

afterEach(async () => {
  for (const { manager, metrics } of opened.splice(0)) {
    metrics.close();
    await manager.close();
  }
});

/** A manager over real HTTP providers built from `config`, with metrics on it. */
function setup(input: ScopedModelsConfigInput, options: { registry?: Registry; hub?: LocalBusHub } = {}) {
  const config = parseConfig(input);
  const context = { environment: {}, discovery: config.discovery, clock: systemClock };
  const providers = config.providers.map((provider, index) => createProvider(provider, index, context));
  const store = new MemoryCatalogStore(systemClock);
  const manager = new ProviderManager(config, new NullSentinelModelCache(), providers, systemClock, silentLogger, store, options.hub?.bus());
  const metrics = createModelMetrics(manager, options.registry === undefined ? {} : { registry: options.registry });
  opened.push({ manager, metrics });
  return { manager, metrics };
}

describe(createModelMetrics, () => {
  describe('.render', () => {
    it('should count models per provider, durations by outcome and failures by code, without the key', async () => {
      const good = await track(startOpenAiServer({ models: ['gpt-4o', 'o3'] }));
      const rejecting = await track(startOpenAiServer({ models: ['x'], apiKey: 'the-right-key' }));
      const { manager, metrics } = setup({
        providers: [
          { name: 'openai', type: 'openai', baseUrl: good.baseUrl, apiKey: 'k' },
          { name: 'other', type: 'openai-compatible', baseUrl: rejecting.baseUrl, apiKey: SECRET_KEY },
        ],
        discovery: { retries: 0 },
      });
      await manager.discoverModels();
      const text = await metrics.render();
      expect(sample(text, 'scoped_models_models', { provider: 'openai' })).toBe(2);
      expect(sample(text, 'scoped_models_models', { provider: 'other' })).toBe(0);
      expect(sample(text, 'scoped_models_discovery_duration_seconds_count', { provider: 'openai', outcome: 'ok' })).toBe(1);
      expect(sample(text, 'scoped_models_discovery_duration_seconds_count', { provider: 'other', outcome: 'failed' })).toBe(1);
      expect(sample(text, 'scoped_models_discovery_failures_total', { provider: 'other', code: 'auth' })).toBe(1);
      expect(sample(text, 'scoped_models_store_reloads_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain(SECRET_KEY);
      expect(text).not.toContain(rejecting.url);
    });

    it('should count cache hits and misses of the valid list as they happened', async () => {
      const { manager, metrics } = setup({ providers: [{ name: 'fixed', type: 'static', models: ['a', 'b'] }] });
      await manager.discoverModels();
      manager.validScopedModels();
      manager.validScopedModels();
      manager.validScopedModels();
      manager.validScopedModels({ providers: ['fixed'] });
      const text = await metrics.render();
      // The first read builds, the next two hit; the query is another key, so the one-slot cache misses again.
      expect(sample(text, 'scoped_models_cache_misses_total')).toBe(2);
      expect(sample(text, 'scoped_models_cache_hits_total')).toBe(2);
    });

    it('should count the bus reconnections but not its first subscription', async () => {
      const hub = new LocalBusHub();
      const { manager, metrics } = setup({ providers: [] }, { hub });
      await manager.ready(); // the hub's bus reports its first subscription, as Redis's does
      expect(sample(await metrics.render(), 'scoped_models_pubsub_reconnects_total')).toBe(0);
      hub.reconnectAll();
      hub.reconnectAll();
      expect(sample(await metrics.render(), 'scoped_models_pubsub_reconnects_total')).toBe(2);
    });

    it('should report what the HTTP layer counts as open SSE streams', async () => {
      const { metrics } = setup({ providers: [] });
      metrics.sseClients.inc();
      metrics.sseClients.inc();
      metrics.sseClients.dec();
      expect(sample(await metrics.render(), 'scoped_models_sse_clients')).toBe(1);
      expect(metrics.contentType).toContain('text/plain');
    });
  });

  describe('when the reader cannot be watched', () => {
    it('should still count its models per provider', async () => {
      const reader: ModelCatalogReader = {
        validScopedModels: () => [],
        modelInfo: () => undefined,
        providerStatus: () => [{ name: 'view', state: 'ok', models: 7, available: true }],
        onChange: () => () => {},
        generation: 0,
        separator: '/',
      };
      const metrics = createModelMetrics(reader);
      try {
        const text = await metrics.render();
        expect(sample(text, 'scoped_models_models', { provider: 'view' })).toBe(7);
        expect(sample(text, 'scoped_models_cache_hits_total')).toBe(0);
      } finally {
        metrics.close();
      }
    });
  });

  describe('when given a registry', () => {
    it('should register there, and close() should take its metrics out again', async () => {
      const registry = new Registry();
      const { metrics } = setup({ providers: [] }, { registry });
      expect(metrics.registry).toBe(registry);
      expect(registry.getSingleMetric('scoped_models_models')).toBeDefined();
      metrics.close();
      expect(await registry.metrics()).not.toContain('scoped_models_');
    });
  });
});
