import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CompletionIndex, type RankedMatches, rankIds } from '../../src/completion/CompletionIndex.js';
import { referenceComplete } from './completerFixtures.js';

const byRank = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

describe('rankIds', () => {
  it('should give the unique ids shorter first, then in code-unit order, sorted input or not', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 })), fc.boolean(), (ids, presort) => {
        const input = presort ? [...new Set(ids)].sort() : ids;
        expect(rankIds(input)).toEqual([...new Set(ids)].sort(byRank));
      }),
    );
  });
});

describe('CompletionIndex', () => {
  describe('.search', () => {
    describe('when the source list is not sorted or holds duplicates', () => {
      it('should still rank each id once', () => {
        const index = new CompletionIndex(['p/b', 'p/a', 'p/b'], '/');
        expect(index.search('', 10)).toEqual(['p/a', 'p/b']);
        expect(index.search('p', 0)).toEqual([]);
      });
    });
  });
});

describe('CompletionIndex over many queries', () => {
  const ids = Array.from({ length: 400 }, (_, i) => `p${i % 3}/model-${(i * 7919) % 1000}:q${i % 4}.v${i % 9}`).sort();
  const index = new CompletionIndex(ids, '/');

  it('should answer like the plain reference for one-character, deep and beyond-depth prefixes', () => {
    for (const word of ['m', '4', 'p1/m', 'model-12', 'model-123:q3.v', 'q3.v8', 'v', 'zz']) {
      expect(index.search(word, 20)).toEqual(referenceComplete(ids, word, '/', 20));
    }
  });

  it('should stay right after cached deep nodes were dropped to bound memory', () => {
    // Thousands of distinct three-to-eight-character prefixes exceed the cache budget several times.
    for (const id of ids) for (let at = 0; at + 3 < id.length; at++) index.search(id.slice(at, at + 8), 5);
    for (const word of ['model-12', 'model-999', 'el-3', 'p2/model-1']) {
      expect(index.search(word, 50)).toEqual(referenceComplete(ids, word, '/', 50));
    }
  });
});

describe('CompletionIndex (lazy keys)', () => {
  it('should build its trie only when a query needs one, and answer the same before and after', () => {
    const ids = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'ollama/llama3.1:8b'];
    const index = new CompletionIndex(ids, '/');
    expect(index.built).toBe(false);
    expect(index.search('', 2)).toEqual(['openai/gpt-4o', 'ollama/llama3.1:8b']);
    expect(index.built).toBe(false);
    expect(index.search('gpt', 5)).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(index.built).toBe(true);
  });
});

describe('CompletionIndex (a word nothing holds)', () => {
  it('should answer it without building the trie, and the same once a query has built it', () => {
    const ids = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'ollama/llama3.1:8b'];
    const index = new CompletionIndex(ids, '/');
    expect(index.search('zqx', 5)).toEqual([]);
    expect(index.matches('zqxj').next()).toBe(false);
    expect(index.built).toBe(false);
    expect(index.search('4omini', 5)).toEqual(['openai/gpt-4o-mini']);
    expect(index.built).toBe(true);
    expect(index.search('zqx', 5)).toEqual([]);
  });

  it('should answer every word like the reference, in any order of words, over a list in any order with repeats', () => {
    const id = fc.stringMatching(/^[a-cA-C]{1,2}\/[a-cA-C.:-]{0,5}$/);
    const word = fc.stringMatching(/^[a-cA-C/.:-]{1,4}$/);
    fc.assert(
      fc.property(fc.array(id, { maxLength: 12 }), fc.array(word, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 6 }), (some, words, limit) => {
        const ids = [...some, ...some.slice(0, 3)];
        const index = new CompletionIndex(ids, '/');
        for (const typed of words) expect(index.search(typed, limit)).toEqual(referenceComplete([...new Set(ids)], typed, '/', limit));
      }),
      { numRuns: 300 },
    );
  });
});

describe('CompletionIndex.matches', () => {
  it('should read, one at a time, exactly the non-fuzzy answer with its ranks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-c]{1,3}\/[a-cA-C.-]{0,6}$/), { maxLength: 12 }), fc.stringMatching(/^[a-cA-C/.-]{1,4}$/), (ids, word) => {
        const index = new CompletionIndex(ids, '/');
        const read: RankedMatches = { ids: [], ranks: [] };
        for (const matches = index.matches(word); matches.next(); ) {
          read.ids.push(matches.id);
          read.ranks.push(matches.rank);
        }
        expect(read).toEqual(index.searchRanked(word, ids.length + 1, false));
      }),
    );
  });
});
