import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FactInterner } from '../../src/facts/FactInterner.js';
import { readModelFacts } from '../../src/facts/readModelFacts.js';
import { normalizeModels } from '../../src/providers/normalizeModels.js';

describe('readModelFacts', () => {
  it('should keep the facts that pass their checks and drop the rest', () => {
    const facts = readModelFacts(
      {
        contextWindow: 128_000,
        maxOutputTokens: -1,
        inputModalities: ['text', 'IMAGE', 'smell', 7],
        outputModalities: 'text',
        pricing: { input: 2.5, output: 10, cacheRead: Number.NaN },
        releaseDate: '2024-05-13',
        knowledgeCutoff: '<b>2023</b>',
      },
      new FactInterner(),
    );
    expect(facts).toEqual({ contextWindow: 128_000, inputModalities: ['text', 'image'], pricing: { input: 2.5, output: 10 }, releaseDate: '2024-05-13' });
  });

  it('should give nothing when nothing passes', () => {
    expect(readModelFacts({ contextWindow: '128k', pricing: { input: 1 } }, new FactInterner())).toBeUndefined();
  });

  it('should never throw and never keep a fact of the wrong type, whatever it is given', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('contextWindow', 'maxOutputTokens', 'inputModalities', 'pricing', 'releaseDate'), fc.jsonValue()), (raw) => {
        const facts = readModelFacts(raw, new FactInterner());
        if (facts?.contextWindow !== undefined) expect(Number.isSafeInteger(facts.contextWindow) && facts.contextWindow > 0).toBe(true);
        if (facts?.pricing !== undefined) expect(Number.isFinite(facts.pricing.input) && facts.pricing.input >= 0).toBe(true);
      }),
    );
  });
});

describe('normalizeModels', () => {
  it('should keep each model’s facts and aliases, one shared object for equal prices and modalities', () => {
    const { models } = normalizeModels([
      { id: 'a', pricing: { input: 1, output: 2 }, inputModalities: ['text', 'image'], aliases: ['a-latest', 'a', ' '] },
      { id: 'b', pricing: { input: 1, output: 2 }, inputModalities: ['text', 'image'], maxOutputTokens: 4096 },
    ]);
    expect(models[0]).toEqual({ id: 'a', pricing: { input: 1, output: 2 }, inputModalities: ['text', 'image'], aliases: ['a-latest'] });
    expect(models[1]?.maxOutputTokens).toBe(4096);
    expect(models[0]?.pricing).toBe(models[1]?.pricing);
    expect(models[0]?.inputModalities).toBe(models[1]?.inputModalities);
  });
});
