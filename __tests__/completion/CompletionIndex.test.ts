import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CompletionIndex, rankIds } from '../../src/completion/CompletionIndex.js';
import { PrefixTier } from '../../src/completion/PrefixTier.js';

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

describe('PrefixTier', () => {
  describe('.visitMatches', () => {
    it('should visit the owners of every key with the prefix, least owner first', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.stringMatching(/^[ab]{0,4}$/), fc.nat(50))), fc.stringMatching(/^[ab]{0,2}$/), (entries, prefix) => {
          const tier = new PrefixTier(
            entries.map(([key]) => key),
            entries.map(([, owner]) => owner),
          );
          const visited: number[] = [];
          tier.visitMatches(prefix, (owner) => (visited.push(owner), true));
          const expected = entries.filter(([key]) => key.startsWith(prefix)).map(([, owner]) => owner);
          expect(visited).toEqual(expected.sort((a, b) => a - b));
        }),
      );
    });

    it('should stop when the visitor says so', () => {
      const tier = new PrefixTier(['a', 'ab', 'abc'], [3, 1, 2]);
      const visited: number[] = [];
      tier.visitMatches('a', (owner) => (visited.push(owner), visited.length < 2));
      expect(visited).toEqual([1, 2]);
    });
  });
});
