import { describe, expect, it } from '@jest/globals';
import type { ModelQuery } from '../../src/manager/types.js';
import { modelsQueryKey, parseModelsQuery } from '../../src/server/parseModelsQuery.js';
import { thrownBy } from '../helpers/thrownBy.js';

const PROVIDERS = (): string[] => ['ollama', 'openai'];

describe(parseModelsQuery, () => {
  describe('when nothing narrows the list', () => {
    it.each(['', 'provider=&capability=&min_context=', 'unrelated=1', 'provider=%20&capability=%20'])('should answer undefined for %j', (raw) => {
      expect(parseModelsQuery(raw, PROVIDERS)).toBeUndefined();
    });
  });

  describe('when values carry spaces around them', () => {
    it('should read the names without the spaces', () => {
      expect(parseModelsQuery('provider=ollama,%20openai&capability=%20chat%20', PROVIDERS)).toEqual({ providers: ['ollama', 'openai'], capability: 'chat' });
    });
  });

  describe('when capability is repeated', () => {
    it('should answer each capability once, lower-cased and sorted', () => {
      expect(parseModelsQuery('capability=vision&capability=Chat&capability=vision', PROVIDERS)).toEqual({ capabilities: ['chat', 'vision'] });
    });
  });

  describe('when capability holds a comma', () => {
    it('should refuse it as one unknown capability, since only provider is comma-separated', () => {
      expect(thrownBy(() => parseModelsQuery('capability=chat,vision', PROVIDERS))).toMatchObject({
        status: 400,
        code: 'unknown_capability',
        param: 'capability',
        message: expect.stringContaining('unknown capability "chat,vision";'),
      });
    });
  });

  describe('when min_context is given twice', () => {
    it('should refuse the query with a 400 naming the parameter', () => {
      expect(thrownBy(() => parseModelsQuery('min_context=100k&min_context=200k', PROVIDERS))).toMatchObject({
        status: 400,
        code: 'invalid_query',
        param: 'min_context',
        message: 'give "min_context" at most once, e.g. ?min_context=200k',
      });
    });
  });
});

describe(modelsQueryKey, () => {
  describe('when two queries name the same providers in another order or repeated', () => {
    it('should give them the same key', () => {
      expect(modelsQueryKey({ providers: ['openai', 'ollama'] })).toBe(modelsQueryKey({ providers: ['ollama', 'openai', 'ollama'] }));
    });
  });

  describe('when two queries ask for different lists', () => {
    it('should give each its own key', () => {
      const queries: ModelQuery[] = [
        {},
        { providers: ['openai'] },
        { providers: ['ollama'] },
        { capability: 'chat' },
        { capability: 'vision' },
        { capabilities: ['chat', 'vision'] },
        { capabilities: ['chat', 'tools'] },
        { minContextWindow: 100_000 },
        { minContextWindow: 200_000 },
      ];

      expect(new Set(queries.map(modelsQueryKey)).size).toBe(queries.length);
    });
  });
});
