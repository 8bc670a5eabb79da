import { describe, expect, it } from '@jest/globals';
import { modelInfo } from '../../src/providers/readEntries.js';

describe('modelInfo', () => {
  describe('when fields are undefined or empty lists', () => {
    it('should leave them out, so the model has no key without a value', () => {
      const model = modelInfo({ id: 'a', displayName: undefined, capabilities: [], inputModalities: ['text'], contextWindow: 0 });
      expect(model).toStrictEqual({ id: 'a', inputModalities: ['text'], contextWindow: 0 });
      expect(Object.keys(model)).toEqual(['id', 'inputModalities', 'contextWindow']);
    });
  });
});
