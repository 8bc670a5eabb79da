import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isScopableName, splitScopedId, toScopedId } from '../../src/manager/scopedId.js';

describe('splitScopedId', () => {
  it('should split at the first separator, so a model id keeps its own', () => {
    expect(splitScopedId('openrouter/openai/gpt-4o:free', '/')).toEqual({ provider: 'openrouter', model: 'openai/gpt-4o:free' });
    expect(splitScopedId('ollama::llama3.1:8b', '::')).toEqual({ provider: 'ollama', model: 'llama3.1:8b' });
  });

  it.each([
    ['no separator', 'gpt-4o'],
    ['an empty provider', '/gpt-4o'],
    ['an empty model', 'openai/'],
    ['only the separator', '/'],
    ['an empty model after a long separator', 'openai::'],
  ])('should give undefined for %s', (_what, scopedId) => {
    expect(splitScopedId(scopedId, scopedId.includes('::') ? '::' : '/')).toBeUndefined();
  });

  it('should give back the provider and model it was built from, for any scopable name', () => {
    const separator = fc.constantFrom('/', '::', '.');
    fc.assert(
      fc.property(separator, fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (sep, provider, model) => {
        fc.pre(isScopableName(provider, sep));
        expect(splitScopedId(toScopedId(provider, model, sep), sep)).toEqual({ provider, model });
      }),
    );
  });
});

describe('isScopableName', () => {
  it.each([
    ['openai', '/', true],
    ['', '/', false],
    ['open/ai', '/', false],
    ['a.', '..', false],
    ['a', '..', true],
  ])('should judge %p with separator %p as %p', (name, separator, scopable) => {
    expect(isScopableName(name, separator)).toBe(scopable);
  });
});
