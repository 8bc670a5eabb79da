import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { LruModelCache } from '../../src/cache/LruModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { FactsCatalog } from '../../src/facts/FactsCatalog.js';
import { parseModelsDev } from '../../src/facts/parseModelsDev.js';
import { silentLogger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';
import { MemoryCatalogStore } from '../../src/store/MemoryCatalogStore.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { MODELS_DEV_SAMPLE } from '../facts/modelsDevSample.js';

const SAMPLE = parseModelsDev(MODELS_DEV_SAMPLE, { source: 'bundled' }) as FactsCatalog;

function createManager(): ProviderManager {
  const clock = new ManualClock();
  const providers = [
    new StaticProvider('openai', [{ id: 'gpt-4o' }, { id: 'gpt-4o-mini' }, { id: 'o3-mini' }, { id: 'text-embedding-3-small', capabilities: ['embedding'] }]),
    new StaticProvider('anthropic', [{ id: 'claude-sonnet-4-20250514' }]),
    new StaticProvider('mistral', [{ id: 'mistral-large-latest' }, { id: 'pixtral-12b' }]),
    new StaticProvider('local', [{ id: 'big', contextWindow: 1_000_000, capabilities: ['chat', 'tools'] }, { id: 'unknown' }]),
  ];
  return new ProviderManager(parseConfig({}), new LruModelCache({ max: 32 }), providers, clock, silentLogger, new MemoryCatalogStore(clock), undefined, SAMPLE);
}

describe('ProviderManager', () => {
  describe('.validScopedModels', () => {
    describe('when the query asks for capabilities and a context window', () => {
      it('should give the models that have every capability and at least that window, known', () => {
        const manager = createManager();
        expect(manager.validScopedModels({ capabilities: ['vision', 'tools'] })).toEqual([
          'anthropic/claude-sonnet-4-20250514',
          'mistral/pixtral-12b',
          'openai/gpt-4o',
          'openai/gpt-4o-mini',
        ]);
        expect(manager.validScopedModels({ minContextWindow: 150_000 })).toEqual(['anthropic/claude-sonnet-4-20250514', 'local/big', 'openai/o3-mini']);
        expect(manager.validScopedModels({ minContextWindow: 0 })).not.toContain('local/unknown');
        expect(manager.validScopedModels({ capabilities: ['tools', 'reasoning'], minContextWindow: 200_000 })).toEqual([
          'anthropic/claude-sonnet-4-20250514',
          'openai/o3-mini',
        ]);
      });

      it('should combine them with providers and capability', () => {
        const manager = createManager();
        expect(manager.validScopedModels({ providers: ['openai', 'local'], capability: 'chat', capabilities: ['tools'], minContextWindow: 128_000 })).toEqual([
          'local/big',
          'openai/gpt-4o',
          'openai/gpt-4o-mini',
          'openai/o3-mini',
        ]);
        expect(manager.validScopedModels({ capability: 'embedding', capabilities: ['vision'] })).toEqual([]);
      });

      it('should return the same frozen array for a repeated query, new or kept', () => {
        const manager = createManager();
        const query = { providers: ['openai'], capabilities: ['vision' as const], minContextWindow: 100_000 };
        const first = manager.validScopedModels(query);
        expect(Object.isFrozen(first)).toBe(true);
        expect(manager.validScopedModels(query)).toBe(first);
        expect(manager.validScopedModels({ minContextWindow: 100_000, capabilities: ['vision'], providers: ['openai', 'openai'] })).toBe(first);
      });

      it('should refuse a negative window with a message naming it', () => {
        expect(() => createManager().validScopedModels({ minContextWindow: -1 })).toThrow(/minContextWindow/);
      });
    });
  });
});
