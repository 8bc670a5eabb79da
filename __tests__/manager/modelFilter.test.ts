import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileModelFilter } from '../../src/manager/modelFilter.js';

describe('compileModelFilter', () => {
  it('should pass everything with no globs', () => {
    expect(compileModelFilter()('anything/at:all')).toBe(true);
    expect(compileModelFilter([], [])('x')).toBe(true);
  });

  it('should treat every character but * literally', () => {
    const filter = compileModelFilter(['gpt-4.1?(mini)[x]+']);
    expect(filter('gpt-4.1?(mini)[x]+')).toBe(true);
    expect(filter('gpt-441(mini)x')).toBe(false);
  });

  it('should match the whole id, case-insensitively, with * spanning / and line breaks', () => {
    const filter = compileModelFilter(['claude-*']);
    expect(filter('CLAUDE-sonnet/4')).toBe(true);
    expect(filter('my-claude-x')).toBe(false);
    expect(compileModelFilter(['a*b'])('a\nb')).toBe(true);
  });

  it('should let exclude win over include', () => {
    const filter = compileModelFilter(['*'], ['*-preview']);
    expect(filter('gpt-5-preview')).toBe(false);
    expect(filter('gpt-5')).toBe(true);
  });

  it('should accept any id that equals a star-free include glob (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((s) => !s.includes('*')), (id) => compileModelFilter([id])(id)));
  });
});
