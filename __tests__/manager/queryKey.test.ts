import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ALL_MODELS_KEY, canonicalQuery, queryKey } from '../../src/manager/queryKey.js';
import type { ModelQuery } from '../../src/manager/types.js';

describe('queryKey', () => {
  it('should give one key to queries that ask for the same thing', () => {
    expect(queryKey({ providers: ['b', 'a', 'a'], capabilities: ['tools', 'vision'] })).toBe(
      queryKey({ providers: ['a', 'b'], capability: 'VISION', capabilities: ['tools'] }),
    );
    expect(queryKey({ capability: 'chat' })).toBe(queryKey({ capabilities: ['chat'] }));
    expect(queryKey({})).toBe(ALL_MODELS_KEY);
  });

  it('should give one key to capability lists in any order', () => {
    expect(queryKey({ capabilities: ['vision', 'tools'] })).toBe(queryKey({ capabilities: ['tools', 'vision'] }));
    expect(canonicalQuery({ capabilities: ['vision', 'tools'] }).capabilities).toEqual(['tools', 'vision']);
  });

  it('should read an empty capability list as no filter at all', () => {
    expect(queryKey({ capabilities: [] })).toBe(ALL_MODELS_KEY);
    expect(canonicalQuery({}).key).toBe(ALL_MODELS_KEY);
  });

  it('should tell apart queries that differ in any field', () => {
    const queries: ModelQuery[] = [
      {},
      { providers: [] },
      { providers: ['a'] },
      { capability: 'chat' },
      { capabilities: ['chat', 'tools'] },
      { minContextWindow: 0 },
      { minContextWindow: 128_000 },
      { providers: ['a'], minContextWindow: 128_000 },
      { providers: ['a,b'] },
      { providers: ['a', 'b'] },
    ];
    const keys = queries.map((query) => queryKey(query));
    expect(new Set(keys).size).toBe(keys.length);
  });

  describe('when the same query object is asked again', () => {
    it('should give the same key, and a new one once its arrays or fields changed in place', () => {
      const providers = ['openai'];
      const query: ModelQuery = { providers, capabilities: ['vision'] };
      const first = queryKey(query);
      expect(queryKey(query)).toBe(first);
      providers.push('anthropic');
      expect(queryKey(query)).toBe(queryKey({ providers: ['anthropic', 'openai'], capabilities: ['vision'] }));
      query.minContextWindow = 1000;
      expect(queryKey(query)).toBe(queryKey({ providers: ['anthropic', 'openai'], capabilities: ['vision'], minContextWindow: 1000 }));
    });

    it('should see a capability changed in place, and a provider replaced without changing the count', () => {
      const providers = ['openai', 'ollama'];
      const query: ModelQuery = { providers, capability: 'chat' };
      queryKey(query);
      query.capability = 'vision';
      expect(queryKey(query)).toBe(queryKey({ providers: ['ollama', 'openai'], capability: 'vision' }));
      providers[0] = 'anthropic';
      providers[1] = 'groq';
      expect(queryKey(query)).toBe(queryKey({ providers: ['anthropic', 'groq'], capability: 'vision' }));
    });

    it('should see a provider added to a query that names only providers', () => {
      const providers = ['openai'];
      const query: ModelQuery = { providers };
      expect(queryKey(query)).toBe(queryKey(query));
      providers.push('anthropic');
      expect(queryKey(query)).toBe(queryKey({ providers: ['anthropic', 'openai'] }));
    });

    it('should see providers added to a query that had none, and removed again', () => {
      const query: ModelQuery = { capabilities: ['tools'] };
      const everyProvider = queryKey(query);
      query.providers = ['openai'];
      expect(queryKey(query)).toBe(queryKey({ providers: ['openai'], capabilities: ['tools'] }));
      delete query.providers;
      expect(queryKey(query)).toBe(everyProvider);
    });
  });

  it('should agree with the canonical form for any query, asked once or twice', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'a,b', '"', '\u0000');
    const query = fc.record(
      {
        providers: fc.array(name, { maxLength: 4 }),
        capability: fc.constantFrom('chat', 'Vision', 'tools'),
        capabilities: fc.array(fc.constantFrom('chat', 'vision', 'tools'), { maxLength: 3 }),
        minContextWindow: fc.nat(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(query, query, (a, b) => {
        const same = JSON.stringify(canonicalQuery(a)) === JSON.stringify(canonicalQuery(b));
        expect(queryKey(a) === queryKey(b)).toBe(same);
        expect(queryKey(a)).toBe(canonicalQuery(a).key);
      }),
    );
  });
});

describe('canonicalQuery', () => {
  it.each([-1, Number.NaN, '5' as unknown as number])('should refuse minContextWindow %p', (minContextWindow) => {
    expect(() => canonicalQuery({ minContextWindow })).toThrow(expect.objectContaining({ code: 'invalid_query' }));
  });
});
