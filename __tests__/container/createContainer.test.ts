import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { LruModelCache } from '../../src/cache/LruModelCache.js';
import type { ModelCache } from '../../src/cache/ModelCache.js';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import type { ScopedModelsConfig, ScopedModelsConfigInput } from '../../src/config/schema.js';
import { createContainer } from '../../src/container/createContainer.js';
import { environmentFromNodeEnv } from '../../src/container/environment.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelProvider } from '../../src/providers/ModelProvider.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';
import { FileCatalogStore } from '../../src/store/FileCatalogStore.js';
import { MemoryCatalogStore } from '../../src/store/MemoryCatalogStore.js';
import { RedisCatalogStore } from '../../src/store/redis/RedisCatalogStore.js';
import { RedisInvalidationBus } from '../../src/store/redis/RedisInvalidationBus.js';
import { TYPES } from '../../src/tokens.js';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { ALL_MODELS_KEY } from '../../src/manager/queryKey.js';
import { cleanupAfterEach } from '../helpers/cleanup.js';
import { ManualClock } from '../helpers/ManualClock.js';
import type { Clock } from '../../src/time/Clock.js';

const cleanup = cleanupAfterEach();
const staticConfig = { providers: [{ name: 'fixed', type: 'static' as const, models: ['b', 'a'] }] };

describe('createContainer', () => {
  describe('when choosing the cache strategy', () => {
    it.each([
      ['development', NullSentinelModelCache],
      ['test', NullSentinelModelCache],
      ['production', LruModelCache],
    ] as const)('should bind the %s strategy', (env, expected) => {
      const container = createContainer({ env, config: staticConfig });
      expect(container.get<ModelCache>(TYPES.ModelCache)).toBeInstanceOf(expected);
    });

    it('should give production an LRU of 256 by default and the configured size otherwise', () => {
      expect(createContainer({ env: 'production', environment: {} }).get<LruModelCache>(TYPES.ModelCache).max).toBe(256);
      expect(createContainer({ env: 'production', environment: {}, config: { cache: { max: 8 } } }).get<LruModelCache>(TYPES.ModelCache).max).toBe(8);
    });

    it('should let config.cache.strategy override the environment', () => {
      expect(createContainer({ env: 'production', environment: {}, config: { cache: { strategy: 'null-sentinel' } } }).get(TYPES.ModelCache)).toBeInstanceOf(
        NullSentinelModelCache,
      );
      expect(createContainer({ env: 'test', config: { cache: { strategy: 'lru' } } }).get(TYPES.ModelCache)).toBeInstanceOf(LruModelCache);
    });

    it("should give the LRU strategy the config's cache.ttlMs, timed by the container's clock", () => {
      const container = createContainer({ env: 'production', environment: {}, config: { cache: { ttlMs: 1_000 } } });
      const clock = new ManualClock();
      container.rebind<Clock>(TYPES.Clock).toConstantValue(clock);
      const cache = container.get<ModelCache>(TYPES.ModelCache);
      cache.set('all', ['p/a']);
      clock.advance(1_000);
      expect(cache.get('all')).toEqual(['p/a']);
      clock.advance(1);
      expect(cache.get('all')).toBeNull();
    });

    it('should take the environment from NODE_ENV when none is given', () => {
      const before = process.env['NODE_ENV'];
      try {
        process.env['NODE_ENV'] = 'staging';
        expect(createContainer({ environment: {} }).get(TYPES.ModelCache)).toBeInstanceOf(LruModelCache);
        process.env['NODE_ENV'] = 'test';
        expect(createContainer().get(TYPES.ModelCache)).toBeInstanceOf(NullSentinelModelCache);
      } finally {
        process.env['NODE_ENV'] = before;
      }
    });
  });

  describe('environmentFromNodeEnv', () => {
    it.each([
      [undefined, 'development'],
      ['', 'development'],
      ['development', 'development'],
      ['test', 'test'],
      ['production', 'production'],
      ['staging', 'production'],
    ])('should map %p to %s', (nodeEnv, expected) => {
      expect(environmentFromNodeEnv(nodeEnv)).toBe(expected);
    });
  });

  it('should hand out one manager and one cache per container, and separate ones per container', () => {
    const one = createContainer({ env: 'test', config: staticConfig });
    const two = createContainer({ env: 'test', config: staticConfig });
    expect(one.get(TYPES.ProviderManager)).toBe(one.get(TYPES.ProviderManager));
    expect(one.get(TYPES.ModelCache)).toBe(one.get(TYPES.ModelCache));
    expect(one.get(TYPES.ProviderManager)).not.toBe(two.get(TYPES.ProviderManager));
  });

  it('should build the providers of the config and serve their models', () => {
    const manager = createContainer({ env: 'test', config: staticConfig }).get<ProviderManager>(TYPES.ProviderManager);
    expect(manager.validScopedModels()).toEqual(['fixed/a', 'fixed/b']);
  });

  it('should let a user add a provider of their own with bind', () => {
    const container = createContainer({ env: 'test', config: staticConfig });
    container.bind<ModelProvider>(TYPES.ModelProvider).toConstantValue(new StaticProvider('mine', ['x']));
    expect(container.get<ProviderManager>(TYPES.ProviderManager).validScopedModels()).toEqual(['fixed/a', 'fixed/b', 'mine/x']);
  });

  it('should resolve a manager with no providers at all (an empty list, not an injection error)', () => {
    const manager = createContainer({ env: 'development', environment: {} }).get<ProviderManager>(TYPES.ProviderManager);
    expect(manager.validScopedModels()).toEqual([]);
    expect(manager.providerStatus()).toEqual([]);
  });

  it('should let a test swap the cache with rebind: the manager reads, invalidates and fills that cache', async () => {
    const container = createContainer({ env: 'test', config: staticConfig });
    const cache = new NullSentinelModelCache();
    container.rebind<ModelCache>(TYPES.ModelCache).toConstantValue(cache);
    const manager = container.get<ProviderManager>(TYPES.ProviderManager);
    // A list only that cache holds: the manager answers it, so it reads through the rebound cache.
    cache.set(ALL_MODELS_KEY, ['planted/x']);
    expect(manager.validScopedModels()).toEqual(['planted/x']);
    await manager.discoverModels();
    expect(manager.validScopedModels()).toEqual(['fixed/a', 'fixed/b']);
    expect(cache.get(ALL_MODELS_KEY)).toEqual(['fixed/a', 'fixed/b']);
  });

  it('should read a config file by path', () => {
    const manager = createContainer({ env: 'test', config: 'examples/scoped-models.config.json' }).get<ProviderManager>(
      TYPES.ProviderManager,
    );
    expect(manager.validScopedModels()).toContain('anthropic/claude-sonnet-4-5');
  });

  it('should throw a ConfigError for a bad config', () => {
    const bad = JSON.parse('{"providers":[{"name":"x","type":"static","models":"no"}]}') as ScopedModelsConfigInput;
    expect(() => createContainer({ config: bad })).toThrow(ConfigError);
  });

  describe('when choosing the catalog store', () => {
    it('should bind the memory store by default, and the file store when asked for it', () => {
      expect(createContainer({ env: 'production', environment: {} }).get(TYPES.CatalogStore)).toBeInstanceOf(MemoryCatalogStore);
      const path = join(cleanup.tempDir(), 'catalog.json');
      const store = createContainer({ env: 'test', defaultStore: 'file', environment: { XDG_CACHE_HOME: '/nowhere' }, config: { store: { type: 'file', path } } }).get<FileCatalogStore>(TYPES.CatalogStore);
      expect(store).toBeInstanceOf(FileCatalogStore);
      expect(store.path).toBe(path);
      expect(createContainer({ env: 'test', defaultStore: 'file', environment: { XDG_CACHE_HOME: '/x' } }).get<FileCatalogStore>(TYPES.CatalogStore).path).toBe(
        '/x/scoped-models/catalog.json',
      );
    });

    it('should bind the Redis store and bus in production when REDIS_URL is set, and not elsewhere', () => {
      const production = createContainer({ env: 'production', environment: { REDIS_URL: 'redis://:pw@127.0.0.1:6379' } });
      expect(production.get(TYPES.CatalogStore)).toBeInstanceOf(RedisCatalogStore);
      expect(production.get(TYPES.InvalidationBus)).toBeInstanceOf(RedisInvalidationBus);
      const development = createContainer({ env: 'development', environment: { REDIS_URL: 'redis://127.0.0.1:6379' } });
      expect(development.get(TYPES.CatalogStore)).toBeInstanceOf(MemoryCatalogStore);
      expect(development.isBound(TYPES.InvalidationBus)).toBe(false);
    });

    it('should give an explicit Redis store without a url the REDIS_URL', () => {
      const container = createContainer({ env: 'test', environment: { REDIS_URL: 'redis://127.0.0.1:6390' }, config: { store: { type: 'redis' } } });
      expect(container.get<ScopedModelsConfig>(TYPES.Config).store?.url?.reveal()).toBe('redis://127.0.0.1:6390');
    });

    it("should give the Redis store and bus the config's store.commandTimeoutMs", async () => {
      // A server that accepts and never answers: every call runs into the configured timeout.
      const sockets = new Set<Socket>();
      const silent = createServer((socket) => {
        sockets.add(socket);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      cleanup.defer(async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      });
      const { port } = silent.address() as AddressInfo;
      const container = createContainer({ env: 'test', config: { store: { type: 'redis', url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 75 } } });
      // No manager was made to close them: the test closes the store and the bus itself.
      const store = cleanup.closing(container.get<RedisCatalogStore>(TYPES.CatalogStore));
      const bus = cleanup.closing(container.get<RedisInvalidationBus>(TYPES.InvalidationBus));
      await expect(store.now()).rejects.toThrow(/within 75 ms/);
      await expect(bus.publish('1')).rejects.toThrow(/within 75 ms/);
    });

    it('should let an explicit config.store win over REDIS_URL', () => {
      const container = createContainer({ env: 'production', environment: { REDIS_URL: 'redis://127.0.0.1:6379' }, config: { store: { type: 'memory' } } });
      expect(container.get(TYPES.CatalogStore)).toBeInstanceOf(MemoryCatalogStore);
    });
  });

  describe('when a provider names its key variable', () => {
    it('should bind the key as a secret read from the given environment', () => {
      const container = createContainer({
        env: 'test',
        config: { providers: [{ name: 'o', type: 'openai', apiKeyEnv: 'MY_KEY' }] },
        environment: { MY_KEY: 'sk-from-env-1234' },
      });
      const config = container.get<ScopedModelsConfig>(TYPES.Config);
      expect(config.providers[0]?.apiKey?.reveal()).toBe('sk-from-env-1234');
      expect(JSON.stringify(config)).not.toContain('sk-from-env-1234');
    });

    it('should never read process.env in the test environment unless given one', () => {
      process.env['SCOPED_MODELS_TEST_KEY'] = 'sk-process-env-1234';
      try {
        const container = createContainer({
          env: 'test',
          config: { providers: [{ name: 'o', type: 'openai', apiKeyEnv: 'SCOPED_MODELS_TEST_KEY' }] },
        });
        expect(container.get<ScopedModelsConfig>(TYPES.Config).providers[0]?.apiKey).toBeUndefined();
      } finally {
        delete process.env['SCOPED_MODELS_TEST_KEY'];
      }
    });
  });
});
