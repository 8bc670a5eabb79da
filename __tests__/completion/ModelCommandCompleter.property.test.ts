import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ModelCommandCompleter } from '../../src/completion/ModelCommandCompleter.js';
import { isSubsequence, managerOf, referenceComplete } from './completerFixtures.js';

const modelId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/:._-]{0,14}$/);
const catalog = fc.dictionary(fc.constantFrom('a', 'ab', 'Open', 'or-x', 'q.1'), fc.array(modelId, { maxLength: 25 }), { maxKeys: 4 });
// Words drawn from the same alphabet, short enough to match often.
const word = fc.stringMatching(/^[A-Za-z0-9/:._-]{0,5}$/);
const separator = fc.constantFrom('/', ':', '::', '|');

describe('ModelCommandCompleter (properties)', () => {
  describe('.complete', () => {
    it('should return exactly the reference ranking: tiers, then shorter, then code-unit order, cut at the limit', () => {
      fc.assert(
        fc.property(catalog, word, separator, fc.integer({ min: 1, max: 8 }), (lists, typed, sep, limit) => {
          const manager = managerOf(lists, sep);
          const completer = new ModelCommandCompleter(manager, { limit });
          const expected = referenceComplete(manager.validScopedModels({ capability: 'chat' }), typed, sep, limit);
          expect(completer.complete(`/model ${typed}`)).toEqual({ items: expected, from: 7 });
        }),
        { numRuns: 300 },
      );
    });

    it('should only return items that match the typed word, never more than the limit, never twice', () => {
      fc.assert(
        fc.property(catalog, word, fc.integer({ min: 1, max: 5 }), (lists, typed, limit) => {
          const manager = managerOf(lists);
          const { items } = new ModelCommandCompleter(manager, { limit }).complete(`/model ${typed}`);
          expect(items.length).toBeLessThanOrEqual(limit);
          expect(new Set(items).size).toBe(items.length);
          for (const item of items) {
            expect(manager.validScopedModels()).toContain(item);
            expect(isSubsequence(typed.toLowerCase(), item.toLowerCase())).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('should complete the same word wherever the cursor leaves it, whatever follows', () => {
      fc.assert(
        fc.property(catalog, word, fc.stringMatching(/^[ a-z0-9/-]{0,8}$/), (lists, typed, tail) => {
          const completer = new ModelCommandCompleter(managerOf(lists));
          const line = `/model ${typed}`;
          expect(completer.complete(line + tail, line.length)).toEqual(completer.complete(line));
        }),
        { numRuns: 200 },
      );
    });
  });
});
