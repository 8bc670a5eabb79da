import { describe, expect, it } from '@jest/globals';
import { parseStoredEntry } from '../../src/store/storedEntrySchema.js';

describe('parseStoredEntry', () => {
  const entry = { provider: 'openai', fingerprint: 'f', fetchedAt: 1 };

  it('should read the facts a stored model carries', () => {
    const model = { id: 'gpt-4o', maxOutputTokens: 16_384, inputModalities: ['text', 'image'], outputModalities: ['text'], pricing: { input: 2.5, output: 10 }, aliases: ['gpt-4o-latest'], releaseDate: '2024-05-13', knowledgeCutoff: '2023-09' };
    expect(parseStoredEntry({ ...entry, models: [model] })?.models).toEqual([model]);
  });

  it('should keep the entry when a fact is in a shape it does not know (a newer version wrote it), dropping that fact', () => {
    const parsed = parseStoredEntry({ ...entry, models: [{ id: 'm', inputModalities: ['text', 'hologram'], pricing: { input: 'cheap' } }] });
    expect(parsed?.models).toEqual([{ id: 'm', inputModalities: ['text'] }]);
  });
});
