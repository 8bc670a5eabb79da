import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { factsHint, formatPrice, formatTokens, parseTokenCount } from '../../src/facts/formatFacts.js';

describe('formatTokens', () => {
  it.each([
    [512, '512'],
    [16_384, '16k'],
    [128_000, '128k'],
    [131_072, '131k'],
    [1_000_000, '1m'],
    [1_048_576, '1m'],
    [1_500_000, '1.5m'],
  ])('should print %p as %p', (tokens, text) => {
    expect(formatTokens(tokens)).toBe(text);
  });
});

describe('formatPrice', () => {
  it.each([
    [10, '$10'],
    [2.5, '$2.50'],
    [0.15, '$0.15'],
    [0.075, '$0.075'],
    [0, '$0'],
  ])('should print %p as %p', (dollars, text) => {
    expect(formatPrice(dollars)).toBe(text);
  });
});

describe('factsHint', () => {
  it('should join the context window and the prices, or give nothing', () => {
    expect(factsHint({ contextWindow: 128_000, pricing: { input: 2.5, output: 10 } })).toBe('128k · $2.50/$10');
    expect(factsHint({ contextWindow: 8_192 })).toBe('8k');
    expect(factsHint({})).toBeUndefined();
  });
});

describe('parseTokenCount', () => {
  it.each([
    ['200k', 200_000],
    ['1m', 1_000_000],
    ['1.5M', 1_500_000],
    ['128000', 128_000],
    [' 32K ', 32_000],
  ])('should read %p as %p', (text, tokens) => {
    expect(parseTokenCount(text)).toBe(tokens);
  });

  it.each(['', 'k', '-5', '12g', '1e6', 'lots'])('should refuse %p', (text) => {
    expect(parseTokenCount(text)).toBeUndefined();
  });

  it('should read back what formatTokens prints below a thousand and in whole thousands', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999 }), (n) => parseTokenCount(formatTokens(n)) === n && parseTokenCount(formatTokens(n * 1000)) === n * 1000));
  });
});
