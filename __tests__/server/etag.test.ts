import { describe, expect, it } from '@jest/globals';
import { etagMatches, etagOf } from '../../src/server/etag.js';

describe('etagOf', () => {
  describe('when bodies are equal or differ', () => {
    it('should give equal bodies the same quoted tag and different bodies different tags', () => {
      const tag = etagOf(Buffer.from('{"object":"list","data":[]}'));

      expect(tag).toMatch(/^"[\w-]{27}"$/);
      expect(etagOf(Buffer.from('{"object":"list","data":[]}'))).toBe(tag);
      expect(etagOf(Buffer.from('{"object":"list","data":[1]}'))).not.toBe(tag);
    });
  });
});

describe('etagMatches', () => {
  describe('when If-None-Match names the tag', () => {
    it.each(['"abc"', 'W/"abc"', '"x", "abc"', ' "x" ,W/"abc" ', '*'])('should match %j', (header) => {
      expect(etagMatches(header, '"abc"')).toBe(true);
    });
  });

  describe('when it does not', () => {
    it.each(['', '"abcd"', 'abc', 'W/"ab"', '"x", "y"', 'X/"abc"'])('should not match %j', (header) => {
      expect(etagMatches(header, '"abc"')).toBe(false);
    });
  });
});
