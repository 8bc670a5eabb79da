import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readMistralModels } from '../../src/providers/mistralModels.js';
import { readOpenAiModels } from '../../src/providers/openAiModels.js';

const id = fc.stringMatching(/^[a-z][a-z0-9.:/-]{0,20}$/);
const flag = fc.option(fc.boolean(), { nil: undefined });

/** The distinct ids in first-seen order: what a list must give back, whatever else it says. */
const distinct = (ids: readonly string[]): string[] => [...new Set(ids)];

describe('readMistralModels', () => {
  it('should give back every listed id once, whatever the aliases, duplicates and flags', () => {
    const card = fc.record({
      id,
      aliases: fc.array(id, { maxLength: 3 }),
      archived: flag,
      capabilities: fc.option(fc.record({ completion_chat: flag, vision: flag, function_calling: flag, ocr: flag, moderation: flag }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(card, { maxLength: 12 }), (cards) => {
        const listing = readMistralModels(cards);
        expect(listing.invalid).toBe(0);
        expect(listing.models.map((model) => model.id)).toEqual(distinct(cards.map((entry) => entry.id)));
        for (const model of listing.models) {
          expect(model.capabilities?.length).toBeGreaterThan(0);
          expect(model.aliases ?? []).not.toContain(model.id);
        }
      }),
    );
  });
});

describe('readOpenAiModels', () => {
  it('should give back every listed id once, active or not, whatever its type', () => {
    const entry = fc.record({
      id,
      active: flag,
      type: fc.option(fc.constantFrom('chat', 'language', 'embedding', 'image', 'audio', 'transcribe', 'llm', 'vlm', 'nonsense'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.constantFrom('generic' as const, 'openai' as const, 'gemini' as const), (entries, family) => {
        const listing = readOpenAiModels(entries, family);
        expect(listing.invalid).toBe(0);
        expect(listing.models.map((model) => model.id)).toEqual(distinct(entries.map((item) => item.id)));
        // An inactive model is listed but never offered for chat.
        for (const model of listing.models.filter((listed) => listed.deprecated === 'inactive')) expect(model.capabilities).not.toContain('chat');
      }),
    );
  });
});
