import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LowerIds } from '../../src/completion/LowerIds.js';
import { isSubsequence } from './completerFixtures.js';

// Both ends of a–z in both cases, and letters whose lower case is special: dotted İ lengthens to
// i + U+0307, Σ ends a word as ς, the Kelvin sign is k.
const chars = ['a', 'A', 'z', 'Z', 'k', 'K', '\u212a', 'i', 'I', '\u0130', '\u0307', 'Σ', 'σ', 'ς', '/', '-'];
const text = (maxLength: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...chars), { maxLength }).map((some) => some.join(''));

describe('LowerIds', () => {
  describe('.anyHolds', () => {
    it('should tell whether some lower-cased id holds the word in order, whatever was asked before', () => {
      fc.assert(
        fc.property(fc.array(text(6), { maxLength: 8 }), fc.array(fc.tuple(text(3), text(3)), { maxLength: 6 }), (ids, words) => {
          const lowerIds = new LowerIds(ids);
          // Longer words before and after their prefixes: what a word that matched nothing says about the next.
          for (const word of words.flatMap(([head, tail]) => [head + tail, head, head + tail + tail]).map((word) => word.toLowerCase())) {
            expect(lowerIds.anyHolds(word)).toBe(ids.some((id) => isSubsequence(word, id.toLowerCase())));
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
