import { describe, expect, it } from '@jest/globals';
import { normalizeModelId, normalizeModels } from '../../src/providers/normalizeModels.js';

describe('normalizeModelId', () => {
  it.each([
    ['  gpt-4o \n', 'gpt-4o'],
    ['hf.co/org/repo:Q4_K_M', 'hf.co/org/repo:Q4_K_M'],
    ['模型-1', '模型-1'],
  ])('should accept %p as %p', (raw, id) => {
    expect(normalizeModelId(raw)).toBe(id);
  });

  it.each([
    ['an empty id', '   '],
    ['an ANSI escape', 'gpt\u001b[2J'],
    ['a C1 control', 'gpt\u009b31m'],
    ['a bidi override', 'gpt\u202e4o'],
    ['a zero-width space', 'gpt\u200b4o'],
    ['a BOM inside', 'g\ufeffpt'],
    ['a line separator', 'a\u2028b'],
    ['a NUL', 'a\u0000b'],
    ['a Hangul filler', 'gpt\u3164'],
    ['a variation selector', 'gpt\ufe0f'],
    ['a combining grapheme joiner', 'g\u034fpt'],
    ['a lone surrogate', 'gpt\ud800'],
    ['a private-use character', 'gpt\ue000'],
    ['257 characters', 'x'.repeat(257)],
    ['a number', 42],
  ])('should reject %s', (_what, raw) => {
    expect(normalizeModelId(raw)).toBeUndefined();
  });

  it('should accept exactly 256 characters', () => {
    expect(normalizeModelId('x'.repeat(256))).toHaveLength(256);
  });
});

describe('normalizeModels', () => {
  it('should drop duplicates and malformed entries, counting the malformed', () => {
    expect(normalizeModels([{ id: 'a' }, { id: 'a' }, null, undefined, 'a', { id: 3 }, { id: 'b' }])).toEqual({
      models: [{ id: 'a' }, { id: 'b' }],
      invalid: 4,
      readable: true,
    });
  });

  it('should add the provider\'s own count of skipped entries', () => {
    expect(normalizeModels({ models: [{ id: 'a' }], invalid: 3 }).invalid).toBe(3);
  });

  it('should count an answer of the wrong shape as one invalid entry, and call it unreadable', () => {
    expect(normalizeModels('nope')).toEqual({ models: [], invalid: 1, readable: false });
    expect(normalizeModels({ models: 'x' })).toEqual({ models: [], invalid: 1, readable: false });
    expect(normalizeModels(null)).toEqual({ models: [], invalid: 1, readable: false });
    expect(normalizeModels(undefined)).toEqual({ models: [], invalid: 1, readable: false });
  });

  it('should call a list whose every entry is malformed unreadable, and an empty list readable', () => {
    expect(normalizeModels([{ id: '' }, { name: 'x' }]).readable).toBe(false);
    expect(normalizeModels({ models: [], invalid: 2 }).readable).toBe(false);
    expect(normalizeModels([]).readable).toBe(true);
    expect(normalizeModels([{ id: 'ok' }, { id: '' }]).readable).toBe(true);
  });

  it('should keep only well-formed fields and clean display text', () => {
    const [model] = normalizeModels([
      {
        id: 'm',
        displayName: 'Nice\u001b[31m Name\u202e',
        contextWindow: -5,
        capabilities: ['Chat', 'chat', 7, '\u200b'],
        deprecated: '2026-01-01',
      },
    ]).models;
    expect(model).toEqual({ id: 'm', displayName: 'Nice[31m Name', capabilities: ['chat'], deprecated: '2026-01-01' });
  });

  it('should keep well-formed facts and drop the rest', () => {
    const [good, bad] = normalizeModels([
      {
        id: 'm',
        maxOutputTokens: 16384,
        inputModalities: ['text', 'image', 'smell'],
        outputModalities: ['text'],
        pricing: { input: 2.5, output: 10, cacheRead: 1.25 },
        aliases: ['m', 'm-latest', 'm-latest', 'bad\u001b'],
        releaseDate: '2025-01-01',
        knowledgeCutoff: '2024-10',
      },
      { id: 'n', displayName: '\u200b', capabilities: [7, ''], maxOutputTokens: 1.5, inputModalities: 'text', pricing: { input: -1, output: 2 }, aliases: 'm', releaseDate: 7 },
    ]).models;
    expect(good).toEqual({
      id: 'm',
      maxOutputTokens: 16384,
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
      pricing: { input: 2.5, output: 10, cacheRead: 1.25 },
      aliases: ['m-latest'],
      releaseDate: '2025-01-01',
      knowledgeCutoff: '2024-10',
    });
    expect(bad).toStrictEqual({ id: 'n' });
  });
});
