import { describe, expect, it } from '@jest/globals';
import type { ModelInfo } from '../../src/providers/ModelProvider.js';
import { parseStoredEntry } from '../../src/store/storedEntrySchema.js';

describe('parseStoredEntry', () => {
  describe('when a stored model carries the facts a provider sent', () => {
    it('should keep every one of them through a JSON round trip', () => {
      const model: ModelInfo = {
        id: 'openai/gpt-4o',
        displayName: 'OpenAI: GPT-4o',
        contextWindow: 128000,
        capabilities: ['chat', 'vision', 'tools'],
        maxOutputTokens: 16384,
        inputModalities: ['text', 'image', 'file'],
        outputModalities: ['text'],
        pricing: { input: 2.5, output: 10, cacheRead: 1.25 },
        aliases: ['openai/gpt-4o-2024-08-06'],
        releaseDate: '2024-05-13',
        knowledgeCutoff: '2023-10',
      };
      const stored = JSON.parse(JSON.stringify({ provider: 'openrouter', fingerprint: 'f', fetchedAt: 1, models: [model] })) as unknown;
      expect(parseStoredEntry(stored)?.models).toEqual([model]);
    });
  });
});
