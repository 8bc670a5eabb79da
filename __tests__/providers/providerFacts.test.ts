import { describe, expect, it } from '@jest/globals';
import { isoDate, toModalities, toPricing } from '../../src/providers/providerFacts.js';

describe('toModalities', () => {
  it('should keep the known words in display order, ignoring case and unknown words', () => {
    expect(toModalities(['IMAGE', 'smell', 'Text'])).toEqual(['text', 'image']);
  });

  it('should return undefined when no word is known or none was sent', () => {
    expect(toModalities(['smell'])).toBeUndefined();
    expect(toModalities([])).toBeUndefined();
    expect(toModalities(undefined)).toBeUndefined();
  });
});

describe('toPricing', () => {
  describe('when prices are per token (OpenRouter)', () => {
    it('should convert to dollars per million without float noise', () => {
      expect(toPricing({ input: '0.0000025', output: '0.00001', cacheRead: '0.00000125', cacheWrite: 0.000003 }, 'token')).toStrictEqual({
        input: 2.5,
        output: 10,
        cacheRead: 1.25,
        cacheWrite: 3,
      });
    });
  });

  describe('when prices are per million (Together)', () => {
    it('should keep them as they are, numbers or strings', () => {
      expect(toPricing({ input: 0.88, output: ' 0.88 ' }, 'million')).toStrictEqual({ input: 0.88, output: 0.88 });
    });

    it('should accept a free model', () => {
      expect(toPricing({ input: 0, output: '0' }, 'million')).toStrictEqual({ input: 0, output: 0 });
    });
  });

  describe.each([
    ['"varies" (-1)', { input: '-1', output: '0.00001' }],
    ['a blank string', { input: '  ', output: '0.00001' }],
    ['text', { input: 'free', output: '0.00001' }],
    ['no input price', { output: '0.00001' }],
    ['no output price', { input: '0.00001' }],
    ['an infinite price', { input: Infinity, output: 1 }],
    ['a boolean', { input: true, output: 1 }],
  ])('when a price is %s', (_label, raw) => {
    it('should give no pricing at all', () => {
      expect(toPricing(raw, 'token')).toBeUndefined();
    });
  });

  describe('when only the cache prices are unusable', () => {
    it('should keep input and output and leave the cache prices out', () => {
      expect(toPricing({ input: 1, output: 2, cacheRead: -1, cacheWrite: 'x' }, 'million')).toStrictEqual({ input: 1, output: 2 });
    });
  });

  it('should return undefined when nothing was sent', () => {
    expect(toPricing(undefined, 'million')).toBeUndefined();
  });
});

describe('isoDate', () => {
  it('should take the date of an RFC 3339 time or a date', () => {
    expect(isoDate('2025-09-29T12:00:00Z')).toBe('2025-09-29');
    expect(isoDate('2025-09-29')).toBe('2025-09-29');
  });

  it('should return undefined for anything else', () => {
    expect(isoDate('September 2025')).toBeUndefined();
    expect(isoDate('x2025-09-29')).toBeUndefined();
    expect(isoDate('2025-9-29')).toBeUndefined();
    expect(isoDate(undefined)).toBeUndefined();
  });
});
