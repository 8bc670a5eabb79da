import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bearerCheck } from '../../src/server/bearerCheck.js';

describe('bearerCheck', () => {
  describe('when the header carries the token', () => {
    it.each(['Bearer s3cret', 'bearer s3cret', 'BEARER   s3cret ', 'Bearer\ts3cret'])('should accept %j', (header) => {
      expect(bearerCheck('s3cret')(header)).toBe(true);
    });
  });

  describe('when the header does not carry the token', () => {
    it.each([undefined, '', 'Bearer', 'Bearer ', 's3cret', 'Basic s3cret', 'Bearer s3cre', 'Bearer s3crett', 'Bearer s3cret extra', 'NotBearer s3cret', 'Basic Bearer s3cret'])(
      'should refuse %j',
      (header) => {
        expect(bearerCheck('s3cret')(header)).toBe(false);
      },
    );
  });

  describe('when the token is empty', () => {
    it.each([undefined, '', 'Bearer ', 'Bearer x'])('should refuse %j, a missing header included', (header) => {
      expect(bearerCheck('')(header)).toBe(false);
    });
  });

  describe('when any token and any guess are compared', () => {
    it('should accept exactly the token itself', () => {
      const token = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);
      fc.assert(
        fc.property(token, token, (expected, guess) => {
          expect(bearerCheck(expected)(`Bearer ${guess}`)).toBe(guess === expected);
        }),
      );
    });
  });
});
