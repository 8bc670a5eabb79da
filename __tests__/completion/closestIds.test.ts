import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { closestIds, editDistance } from '../../src/completion/closestIds.js';

describe('closestIds', () => {
  const ids = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/o3', 'anthropic/claude-sonnet-4-5', 'openrouter/openai/gpt-4o'];

  describe('when the typed id is close to a model part', () => {
    it('should rank by the better of whole-id and model-part distance', () => {
      expect(closestIds('gpt-4', ids, '/', 2)).toEqual(['openai/gpt-4o', 'openrouter/openai/gpt-4o']);
      expect(closestIds('gpt-4o-min', ids, '/', 1)).toEqual(['openai/gpt-4o-mini']);
      expect(closestIds('ANTHROPIC/claude-sonet-4-5', ids, '/', 1)).toEqual(['anthropic/claude-sonnet-4-5']);
    });
  });

  describe('when there are fewer ids than asked for', () => {
    it('should return them all', () => {
      expect(closestIds('x', ['p/a'], '/', 3)).toEqual(['p/a']);
      expect(closestIds('x', [], '/', 3)).toEqual([]);
    });
  });
});

describe('editDistance', () => {
  it('should count insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('should be symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});
