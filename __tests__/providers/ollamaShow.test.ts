import { describe, expect, it } from '@jest/globals';
import { forEachLimited, readShow } from '../../src/providers/ollamaShow.js';

describe('readShow', () => {
  describe('when an older Ollama sends model_info but no capabilities', () => {
    it('should still read the context length', () => {
      expect(readShow({ model_info: { 'general.architecture': 'llama', 'llama.context_length': 8192 } })).toEqual({ contextWindow: 8192 });
    });
  });

  describe('when no capability word is one we know', () => {
    it('should leave capabilities undefined rather than empty', () => {
      expect(readShow({ capabilities: ['telepathy'], model_info: {} })).toStrictEqual({ capabilities: undefined, contextWindow: undefined });
    });
  });

  describe('when the context length is zero, negative or fractional', () => {
    it.each([0, -1, 8192.5])('should leave %p out', (length) => {
      expect(readShow({ model_info: { 'general.architecture': 'llama', 'llama.context_length': length } }).contextWindow).toBeUndefined();
    });
  });
});

describe('forEachLimited', () => {
  describe('when there are more items than the limit', () => {
    it('should run at most the limit at once, and every item once', async () => {
      const running = new Set<number>();
      const release = new Map<number, () => void>();
      const done: number[] = [];
      const all = forEachLimited([1, 2, 3], 2, async (item) => {
        running.add(item);
        await new Promise<void>((resolve) => release.set(item, resolve));
        running.delete(item);
        done.push(item);
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect([...running]).toEqual([1, 2]);
      release.get(1)?.();
      await new Promise((resolve) => setImmediate(resolve));
      expect([...running]).toEqual([2, 3]);
      release.get(2)?.();
      release.get(3)?.();
      await all;
      expect(done).toEqual([1, 2, 3]);
    });
  });
});
