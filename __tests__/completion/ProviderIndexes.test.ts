import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CompletionIndex } from '../../src/completion/CompletionIndex.js';
import { ProviderIndexes } from '../../src/completion/ProviderIndexes.js';

const PROVIDERS = ['openai', 'anthropic', 'ollama', 'openrouter', 'lab'];

/** Sorted, unique scoped ids, as the manager hands them out. */
function scoped(models: Record<string, string[]>): string[] {
  return [...new Set(Object.entries(models).flatMap(([provider, ids]) => ids.map((id) => `${provider}/${id}`)))].sort();
}

describe('ProviderIndexes', () => {
  describe('.search', () => {
    it('should answer exactly as one index over the whole list, for every word and limit', () => {
      const modelId = fc.stringMatching(/^[a-z0-9][a-z0-9.:_/-]{0,14}$/);
      const catalog = fc.dictionary(fc.constantFrom(...PROVIDERS), fc.array(modelId, { maxLength: 12 }));
      const word = fc.oneof(fc.stringMatching(/^[a-z0-9.:_/-]{0,6}$/), fc.constantFrom('', 'o', 'openai/', 'l', 'lab/a'));
      fc.assert(
        fc.property(catalog, word, fc.integer({ min: 1, max: 8 }), (models, typed, limit) => {
          const ids = scoped(models);
          expect(new ProviderIndexes(ids, '/').search(typed, limit)).toEqual(new CompletionIndex(ids, '/').search(typed, limit));
        }),
        { numRuns: 300 },
      );
    });

    it('should answer as one index for a list in any order, with repeats, the ids of a provider apart or not', () => {
      fc.assert(
        fc.property(fc.array(fc.stringMatching(/^(openai|lab|ollama)\/[a-z0-9.-]{1,8}$/), { maxLength: 20 }), fc.stringMatching(/^[a-z0-9/.-]{0,4}$/), (some, typed) => {
          // Twice over: the ids of a provider apart, and each id twice.
          const ids = [...some, ...some];
          expect(new ProviderIndexes(ids, '/').search(typed, 6)).toEqual(new CompletionIndex(ids, '/').search(typed, 6));
        }),
        { numRuns: 300 },
      );
    });

    it('should rank a better tier of one provider above fuzzy matches of another', () => {
      const indexes = new ProviderIndexes(['lab/ox', 'openai/gpt-4o', 'zeta/o-x-long'], '/');
      expect(indexes.search('ox', 5)).toEqual(new CompletionIndex(['lab/ox', 'openai/gpt-4o', 'zeta/o-x-long'], '/').search('ox', 5));
      expect(indexes.search('ox', 5)[0]).toBe('lab/ox');
    });
  });

  describe('when one provider of five changes', () => {
    it('should build only that provider again and keep answering like one index', () => {
      const models = Object.fromEntries(PROVIDERS.map((provider) => [provider, Array.from({ length: 50 }, (_, i) => `model-${i}`)]));
      const first = new ProviderIndexes(scoped(models), '/');
      expect(first.built).toBe(5);
      models['ollama'] = [...models['ollama']!, 'llama3.1:8b'];
      const ids = scoped(models);
      const second = new ProviderIndexes(ids, '/', first);
      expect(second.built).toBe(1);
      for (const word of ['llama', 'model-4', 'ollama/', '8b', 'mdl49']) {
        expect(second.search(word, 10)).toEqual(new CompletionIndex(ids, '/').search(word, 10));
      }
    });
  });
});
