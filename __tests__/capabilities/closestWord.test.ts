import { describe, expect, it } from '@jest/globals';
import { CAPABILITIES, isCapability } from '../../src/capabilities/Capability.js';
import { closestWord } from '../../src/capabilities/closestWord.js';

describe('closestWord', () => {
  it('should suggest the singular for a plural typo', () => {
    expect(closestWord('embeddings', CAPABILITIES)).toBe('embedding');
  });

  it('should treat a swapped pair of letters as one edit', () => {
    expect(closestWord('visoin', CAPABILITIES)).toBe('vision');
  });

  it('should ignore case', () => {
    expect(closestWord('OpenAI', ['openai', 'ollama'])).toBe('openai');
  });

  it('should suggest nothing when no candidate is close', () => {
    expect(closestWord('bogus', CAPABILITIES)).toBeUndefined();
  });

  it('should suggest nothing from no candidates', () => {
    expect(closestWord('chat', [])).toBeUndefined();
  });
});

describe('isCapability', () => {
  it('should accept every word of the vocabulary and nothing else', () => {
    for (const word of CAPABILITIES) expect(isCapability(word)).toBe(true);
    expect(isCapability('embeddings')).toBe(false);
    expect(isCapability('Chat')).toBe(false);
  });
});
