import { describe, expect, it } from '@jest/globals';
import { LruModelCache } from '../../src/cache/LruModelCache.js';
import { ScopedModelsError } from '../../src/errors/ScopedModelsError.js';
import { ManualClock } from '../helpers/ManualClock.js';

describe('LruModelCache', () => {
  describe('.get', () => {
    it('should hold many keys, each with its own frozen list', () => {
      const cache = new LruModelCache();
      cache.set('a', ['p/a']);
      cache.set('b', ['p/b']);
      expect(cache.get('a')).toEqual(['p/a']);
      expect(cache.get('b')).toEqual(['p/b']);
      expect(Object.isFrozen(cache.get('a'))).toBe(true);
      expect(cache.get('c')).toBeNull();
    });

    it('should return a stored frozen list as the same reference', () => {
      const cache = new LruModelCache();
      const list = Object.freeze(['p/a']);
      cache.set('a', list);
      expect(cache.get('a')).toBe(list);
    });
  });

  describe('when more than max keys are stored', () => {
    it('should evict the least recently used', () => {
      const cache = new LruModelCache({ max: 2 });
      cache.set('a', ['1']);
      cache.set('b', ['2']);
      cache.get('a');
      cache.set('c', ['3']);
      expect(cache.get('b')).toBeNull();
      expect(cache.get('a')).toEqual(['1']);
      expect(cache.get('c')).toEqual(['3']);
    });
  });

  describe('when ttlMs has passed on the injected clock', () => {
    it('should treat the entry as missing', () => {
      // Not 0: lru-cache reads a start time of 0 as "no TTL".
      const clock = new ManualClock(1_000);
      const cache = new LruModelCache({ ttlMs: 1_000, clock });
      cache.set('a', ['1']);
      clock.advance(999);
      expect(cache.get('a')).toEqual(['1']);
      clock.advance(2);
      expect(cache.get('a')).toBeNull();
    });
  });

  describe('.invalidate', () => {
    it('should forget every key', () => {
      const cache = new LruModelCache();
      cache.set('a', ['1']);
      cache.set('b', ['2']);
      cache.invalidate();
      expect(cache.get('a')).toBeNull();
      expect(cache.get('b')).toBeNull();
    });
  });

  describe('constructor', () => {
    it.each([0, -1, 1.5, Number.NaN])('should refuse max %p with an error naming the option', (max) => {
      expect(() => new LruModelCache({ max })).toThrow(/max must be a whole number/);
      expect(() => new LruModelCache({ max })).toThrow(ScopedModelsError);
    });

    it.each([0, -5, Number.POSITIVE_INFINITY])('should refuse ttlMs %p', (ttlMs) => {
      expect(() => new LruModelCache({ ttlMs })).toThrow(/ttlMs must be a positive number/);
    });
  });
});
