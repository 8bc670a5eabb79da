import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CompletionIndex } from '../../src/completion/CompletionIndex.js';
import { type CompletionSource, ModelCommandCompleter } from '../../src/completion/ModelCommandCompleter.js';

const PROVIDERS = ['openai', 'Open', 'ollama', 'or-x', 'q.1', 'lab'];
const modelId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/:._|-]{0,12}$/);
const catalog = fc.dictionary(fc.constantFrom(...PROVIDERS), fc.array(modelId, { maxLength: 20 }), { minKeys: 1 });
const word = fc.oneof(fc.stringMatching(/^[A-Za-z0-9/:._|-]{0,6}$/), fc.constantFrom('o', 'op', 'open', 'openai/', 'ollama/l', 'lab/'));
/** What changes in one provider's list: ids added, ids removed, or the whole list replaced. */
const change = fc.record({
  provider: fc.constantFrom(...PROVIDERS),
  added: fc.array(modelId, { maxLength: 6 }),
  removed: fc.nat({ max: 6 }),
});

/** A catalog reader whose list the test sets, as the manager hands it out: sorted, unique, a new array per change. */
class ChangingSource implements CompletionSource {
  generation = 0;
  #list: readonly string[] = [];

  constructor(
    readonly separator: string,
    lists: Record<string, string[]>,
  ) {
    this.set(lists);
  }

  set(lists: Record<string, string[]>): void {
    this.#list = Object.freeze([...new Set(Object.entries(lists).flatMap(([provider, ids]) => ids.map((id) => `${provider}${this.separator}${id}`)))].sort());
    this.generation++;
  }

  validScopedModels(): readonly string[] {
    return this.#list;
  }
}

describe('ModelCommandCompleter (per-provider index)', () => {
  describe('when one provider\'s list changes', () => {
    it('should answer exactly like one index over the whole list, before and after the change, rebuilding once', () => {
      fc.assert(
        fc.property(
          catalog,
          change,
          fc.array(word, { minLength: 1, maxLength: 6 }),
          fc.constantFrom('/', ':', '::', '|'),
          fc.integer({ min: 1, max: 8 }),
          (lists, { provider, added, removed }, words, separator, limit) => {
            const source = new ChangingSource(separator, lists);
            const completer = new ModelCommandCompleter(source, { limit });
            const expectSameAsOneIndex = (): void => {
              const one = new CompletionIndex(source.validScopedModels(), separator);
              for (const typed of words) expect(completer.complete(`/model ${typed}`).items).toEqual(one.search(typed, limit));
            };
            expectSameAsOneIndex();
            const builds = completer.indexBuilds;
            const before = lists[provider] ?? [];
            source.set({ ...lists, [provider]: [...before.slice(removed), ...added] });
            expectSameAsOneIndex();
            expect(completer.indexBuilds).toBe(builds + 1);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
