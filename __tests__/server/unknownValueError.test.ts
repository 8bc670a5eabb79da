import { describe, expect, it } from '@jest/globals';
import { unknownValueError } from '../../src/server/unknownValueError.js';

describe(unknownValueError, () => {
  describe('when the value is long', () => {
    it('should show it whole up to 60 characters, and cut after 60 beyond', () => {
      const sixty = 'x'.repeat(60);

      expect(unknownValueError('provider', sixty, ['openai']).message).toBe(`unknown provider "${sixty}"; valid values: openai`);
      expect(unknownValueError('provider', `${sixty}y`, ['openai']).message).toBe(`unknown provider "${sixty}…"; valid values: openai`);
    });
  });

  describe('when nothing is valid', () => {
    it('should say that none is configured', () => {
      expect(unknownValueError('provider', 'openai', [])).toMatchObject({
        status: 400,
        code: 'unknown_provider',
        param: 'provider',
        message: 'unknown provider "openai"; no provider is configured',
      });
    });
  });
});
