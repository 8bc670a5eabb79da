import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { KeyTrie, keyIndex, keyRank, keyStart } from '../../src/completion/KeyTrie.js';

/** The tier of a key at `at` written out plainly (0 whole id, 1 segment, 2 word), or undefined where none starts. */
function referenceTier(id: string, at: number, separator: string): number | undefined {
  if (at === 0) return 0;
  const before = id[at - 1] as string;
  if (before === '/' || (id.includes(separator) && at === id.indexOf(separator) + separator.length)) return 1;
  if ('-.:_'.includes(before) || (at >= separator.length && id.slice(at - separator.length, at) === separator)) return 2;
  return undefined;
}

/** Every key that starts with `word`, as [id index, start, tier × 512 + id length], best first. */
function referenceKeys(lower: readonly string[], separator: string, word: string): number[][] {
  const keys: number[][] = [];
  lower.forEach((id, index) => {
    for (let at = 0; at < id.length; at++) {
      const tier = referenceTier(id, at, separator);
      if (tier !== undefined && id.startsWith(word, at)) keys.push([index, at, tier * 512 + id.length]);
    }
  });
  return keys.sort((a, b) => (a[2] as number) - (b[2] as number) || (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
}

describe('KeyTrie', () => {
  describe('.keys', () => {
    it('should give every key that starts with the word, best first, whatever was asked before', () => {
      const lower = fc.uniqueArray(fc.stringMatching(/^[ab:/._-]{1,8}$/), { minLength: 1, maxLength: 10 }).map((ids) => ids.sort());
      // Words cut from the ids (so that most find keys), and others.
      const listAndWords = lower.chain((ids) => {
        const cut = fc.tuple(fc.constantFrom(...ids), fc.nat(), fc.integer({ min: 1, max: 4 })).map(([id, from, length]) => id.slice(from % id.length, (from % id.length) + length));
        return fc.tuple(fc.constant(ids), fc.array(fc.oneof(cut, fc.stringMatching(/^[ab:/._-]{1,4}$/)), { minLength: 1, maxLength: 6 }));
      });
      fc.assert(
        fc.property(listAndWords, fc.constantFrom('/', ':', '::', 'b', 'ab'), ([ids, words], separator) => {
          const trie = new KeyTrie(ids, separator);
          for (const typed of words) {
            const keys = [...trie.keys(typed)].map((key) => [keyIndex(key), keyStart(key), keyRank(key)]);
            expect(keys).toEqual(referenceKeys(ids, separator, typed));
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
