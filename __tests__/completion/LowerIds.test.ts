import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LowerIds } from '../../src/completion/LowerIds.js';
import { isSubsequence } from './completerFixtures.js';

// Letters whose lower case is special: dotted İ lengthens to i + U+0307, Σ ends a word as ς, the Kelvin sign is k.
const text = fc.array(fc.constantFrom('a', 'B', 'k', 'K', '\u212a', 'i', '\u0130', '\u0307', 'Σ', 'σ', 'ς', '/', '-'), { maxLength: 6 }).map((chars) => chars.join(''));

describe('LowerIds', () => {
  describe('.anyHolds', () => {
    it('should tell whether some lower-cased id holds the word in order, whatever was asked before', () => {
      fc.assert(
        fc.property(fc.array(text, { maxLength: 8 }), fc.array(fc.tuple(text, text), { maxLength: 6 }), (ids, words) => {
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
