import { describe, expect, it } from '@jest/globals';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';

describe('NullSentinelModelCache', () => {
  describe('.get', () => {
    it('should return null for any key before anything was stored, the empty key included', () => {
      const cache = new NullSentinelModelCache();
      expect(cache.get('*')).toBeNull();
      expect(cache.get('')).toBeNull();
    });

    it('should return the stored frozen list for its key and null for any other key', () => {
      const cache = new NullSentinelModelCache();
      cache.set('*', ['a/b']);
      const hit = cache.get('*');
      expect(hit).toEqual(['a/b']);
      expect(Object.isFrozen(hit)).toBe(true);
      expect(cache.get('other')).toBeNull();
    });
  });

  describe('.set', () => {
    it('should keep one key only: a second key replaces the first', () => {
      const cache = new NullSentinelModelCache();
      cache.set('one', ['a/1']);
      cache.set('two', ['a/2']);
      expect(cache.get('one')).toBeNull();
      expect(cache.get('two')).toEqual(['a/2']);
    });

    it('should copy a list that is not frozen, so the caller cannot change what is held', () => {
      const cache = new NullSentinelModelCache();
      const list = ['a/1'];
      cache.set('*', list);
      list.push('a/2');
      expect(cache.get('*')).toEqual(['a/1']);
    });

    it('should hold a frozen list as it is (same reference)', () => {
      const cache = new NullSentinelModelCache();
      const list = Object.freeze(['a/1']);
      cache.set('*', list);
      expect(cache.get('*')).toBe(list);
    });
  });

  describe('.invalidate', () => {
    it('should empty the slot', () => {
      const cache = new NullSentinelModelCache();
      cache.set('*', ['a/1']);
      cache.invalidate();
      expect(cache.get('*')).toBeNull();
    });

    it('should miss every key afterwards, the empty key included, until a list is set again', () => {
      const cache = new NullSentinelModelCache();
      cache.set('*', ['a/1']);
      cache.invalidate();
      expect(cache.get('*')).toBeNull();
      expect(cache.get('')).toBeNull();
      cache.set('*', ['a/2']);
      expect(cache.get('*')).toEqual(['a/2']);
    });
  });
});
