import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import type { FactsCatalog } from '../../src/facts/FactsCatalog.js';
import { parseModelsDev } from '../../src/facts/parseModelsDev.js';
import { silentLogger } from '../../src/logging/Logger.js';
import { providerFingerprint } from '../../src/manager/fingerprint.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelInfo, ModelProvider } from '../../src/providers/ModelProvider.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';
import { MemoryCatalogStore } from '../../src/store/MemoryCatalogStore.js';
import { parseStoredEntry } from '../../src/store/storedEntrySchema.js';
import { ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { MODELS_DEV_SAMPLE } from '../facts/modelsDevSample.js';

const SAMPLE = parseModelsDev(MODELS_DEV_SAMPLE, { source: 'bundled' }) as FactsCatalog;
const managers: ProviderManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

function createManager(providers: ModelProvider[], config: ScopedModelsConfigInput = {}, catalog: FactsCatalog | undefined = SAMPLE): ProviderManager {
  const clock = new ManualClock();
  return new ProviderManager(parseConfig(config), new NullSentinelModelCache(), providers, clock, silentLogger, new MemoryCatalogStore(clock), undefined, undefined, catalog);
}

describe('ProviderManager', () => {
  describe('.modelInfo', () => {
    describe('when the provider sends no facts', () => {
      it('should fill them from the catalog and say so in sources', () => {
        const manager = createManager([new StaticProvider('openai', [{ id: 'gpt-4o' }])]);
        expect(manager.modelInfo('openai/gpt-4o')).toEqual({
          id: 'openai/gpt-4o',
          provider: 'openai',
          model: 'gpt-4o',
          capabilities: ['chat', 'vision', 'tools'],
          contextWindow: 128_000,
          maxOutputTokens: 16_384,
          inputModalities: ['text', 'image'],
          outputModalities: ['text'],
          pricing: { input: 2.5, output: 10, cacheRead: 1.25 },
          releaseDate: '2024-05-13',
          knowledgeCutoff: '2023-09',
          sources: {
            capabilities: 'catalog',
            contextWindow: 'catalog',
            maxOutputTokens: 'catalog',
            inputModalities: 'catalog',
            outputModalities: 'catalog',
            pricing: 'catalog',
            releaseDate: 'catalog',
            knowledgeCutoff: 'catalog',
          },
        });
      });
    });

    describe('when the provider sends some facts', () => {
      it('should keep the provider facts over the catalog, fact by fact', () => {
        const model: ModelInfo = { id: 'gpt-4o', contextWindow: 64_000, pricing: { input: 1, output: 2 }, capabilities: ['chat', 'vision'] };
        const info = createManager([new StaticProvider('openai', [model])]).modelInfo('openai/gpt-4o');
        expect(info).toMatchObject({ contextWindow: 64_000, pricing: { input: 1, output: 2 }, maxOutputTokens: 16_384, capabilities: ['chat', 'vision', 'tools'] });
        expect(info?.sources).toMatchObject({ contextWindow: 'provider', pricing: 'provider', maxOutputTokens: 'catalog', capabilities: 'catalog' });
      });
    });

    describe('when the id is a dated snapshot the catalog does not list', () => {
      it('should add no catalog fact, unless the provider names an alias the catalog lists', () => {
        const manager = createManager([
          new StaticProvider('openai', [{ id: 'gpt-4o-2024-08-06' }, { id: 'gpt-4o-2024-11-20', aliases: ['gpt-4o'] }]),
        ]);
        expect(manager.modelInfo('openai/gpt-4o-2024-08-06')).toEqual({ id: 'openai/gpt-4o-2024-08-06', provider: 'openai', model: 'gpt-4o-2024-08-06', capabilities: ['chat'] });
        expect(manager.modelInfo('openai/gpt-4o-2024-11-20')).toMatchObject({ contextWindow: 128_000, aliases: ['gpt-4o'] });
      });
    });

    it('should match by the provider type, not by its name', () => {
      const config = { providers: [{ name: 'work', type: 'openai' as const, apiKey: 'k' }, { name: 'anthropic', type: 'openai-compatible' as const, baseUrl: 'http://127.0.0.1:1' }] };
      const manager = createManager([new ListProvider('work', ['gpt-4o']), new ListProvider('anthropic', ['claude-sonnet-4-20250514'])], config);
      return manager.discoverModels().then(() => {
        expect(manager.modelInfo('work/gpt-4o')?.contextWindow).toBe(128_000);
        expect(manager.modelInfo('anthropic/claude-sonnet-4-20250514')?.contextWindow).toBeUndefined();
      });
    });

    it('should share one frozen facts object between models with the same facts', () => {
      const manager = createManager([new StaticProvider('p', [{ id: 'a', pricing: { input: 1, output: 2 } }, { id: 'b', pricing: { input: 1, output: 2 } }])]);
      const a = manager.modelInfo('p/a');
      const b = manager.modelInfo('p/b');
      expect(a?.pricing).toBe(b?.pricing);
      expect(a?.sources).toBe(b?.sources);
      expect(Object.isFrozen(a?.pricing)).toBe(true);
    });

    describe('when the config turns the catalog off', () => {
      it('should show only what the provider says', () => {
        const manager = createManager([new StaticProvider('openai', [{ id: 'gpt-4o' }])], { metadata: { catalog: false } });
        expect(manager.modelInfo('openai/gpt-4o')).toEqual({ id: 'openai/gpt-4o', provider: 'openai', model: 'gpt-4o', capabilities: ['chat'] });
        expect(manager.factsCatalog).toBeUndefined();
      });
    });

    it('should use the bundled catalog when none is injected', () => {
      const clock = new ManualClock();
      const manager = new ProviderManager(parseConfig({}), new NullSentinelModelCache(), [new StaticProvider('anthropic', [{ id: 'claude-sonnet-4-20250514' }])], clock);
      expect(manager.factsCatalog?.source).toBe('bundled');
      expect(manager.modelInfo('anthropic/claude-sonnet-4-20250514')?.contextWindow).toBe(200_000);
    });
  });

  describe('.discoverModels', () => {
    it('should store the provider facts (not the catalog ones) so a restart from the store has them', async () => {
      const clock = new ManualClock();
      const store = new MemoryCatalogStore(clock);
      const provider = new ListProvider('openai', []);
      provider.models = [{ id: 'gpt-4o', contextWindow: 64_000, inputModalities: ['text', 'image'], pricing: { input: 1, output: 2 }, releaseDate: '2024-05-13' }];
      const first = new ProviderManager(parseConfig({}), new NullSentinelModelCache(), [provider], clock, silentLogger, store, undefined, undefined, SAMPLE);
      managers.push(first);
      await first.discoverModels();
      const { entries } = await store.load([{ provider: 'openai', fingerprint: providerFingerprint('openai', undefined) }]);
      const stored = parseStoredEntry(JSON.parse(JSON.stringify(entries[0])));
      expect(stored?.models).toEqual([{ id: 'gpt-4o', contextWindow: 64_000, inputModalities: ['text', 'image'], pricing: { input: 1, output: 2 }, releaseDate: '2024-05-13' }]);
      const silent = new ListProvider('openai', []);
      const second = new ProviderManager(parseConfig({}), new NullSentinelModelCache(), [silent], clock, silentLogger, store, undefined, undefined, SAMPLE);
      managers.push(second);
      await second.ready();
      expect(second.modelInfo('openai/gpt-4o')).toMatchObject({ contextWindow: 64_000, maxOutputTokens: 16_384, sources: { contextWindow: 'provider', maxOutputTokens: 'catalog' } });
    });
  });
});
