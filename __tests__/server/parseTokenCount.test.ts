import { describe, expect, it } from '@jest/globals';
import { HttpError } from '../../src/server/HttpError.js';
import { parseTokenCount } from '../../src/server/parseTokenCount.js';
import { thrownBy } from '../helpers/thrownBy.js';

describe('parseTokenCount', () => {
  describe('when the text is a count of tokens', () => {
    it.each([
      ['1', 1],
      ['128000', 128_000],
      ['200k', 200_000],
      ['200K', 200_000],
      ['1m', 1_000_000],
      ['1.5m', 1_500_000],
      ['1.25m', 1_250_000],
      ['0.0005k', 1],
    ])('should read %j as %d', (text, count) => {
      expect(parseTokenCount(text, 'min_context')).toBe(count);
    });
  });

  describe('when it is not', () => {
    it.each(['', '0', '0.4', 'k', '1.m', '-5', '2g', '1e6', '9007199254740993'])('should refuse %j with a 400 naming the parameter', (text) => {
      const error = thrownBy(() => parseTokenCount(text, 'min_context'));

      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({
        status: 400,
        code: 'invalid_query',
        param: 'min_context',
        message: '"min_context" must be a number of tokens such as 128000, 200k or 1m',
      });
    });
  });
});
