import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LruModelCache } from '../../src/cache/LruModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { FactsCatalog } from '../../src/facts/FactsCatalog.js';
import { parseModelsDev } from '../../src/facts/parseModelsDev.js';
import { silentLogger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { Capability } from '../../src/capabilities/Capability.js';
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
  return new ProviderManager(parseConfig({}), new LruModelCache({ max: 32 }), providers, clock, silentLogger, new MemoryCatalogStore(clock), undefined, undefined, SAMPLE);
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

      it('should give exactly the valid models whose facts pass every filter, for any query', () => {
        const manager = createManager();
        const everything = manager.validScopedModels();
        const query = fc.record(
          {
            providers: fc.subarray(['openai', 'anthropic', 'mistral', 'local', 'nope']),
            capability: fc.constantFrom('chat', 'embedding', 'VISION'),
            capabilities: fc.subarray<Capability>(['chat', 'vision', 'tools', 'reasoning']),
            minContextWindow: fc.constantFrom(0, 128_000, 131_072, 200_000, 2_000_000),
          },
          { requiredKeys: [] },
        );
        fc.assert(
          fc.property(query, (q) => {
            const wanted = [...(q.capabilities ?? []), ...(q.capability === undefined ? [] : [q.capability.toLowerCase()])];
            const expected = everything.filter((id) => {
              const info = manager.modelInfo(id);
              if (info === undefined) return false;
              if (q.providers !== undefined && !q.providers.includes(info.provider)) return false;
              if (q.minContextWindow !== undefined && !((info.contextWindow ?? -1) >= q.minContextWindow)) return false;
              return wanted.every((capability) => info.capabilities.includes(capability));
            });
            expect(manager.validScopedModels(q)).toEqual(expected);
          }),
        );
      });

      it('should refuse a negative window with a message naming it', () => {
        expect(() => createManager().validScopedModels({ minContextWindow: -1 })).toThrow(/minContextWindow/);
      });
    });
  });
});
