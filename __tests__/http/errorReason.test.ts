import { describe, expect, it } from '@jest/globals';
import { errorReason } from '../../src/http/errorReason.js';

/** An error answer in Google's shape, with `reason` as its one detail. */
function googleError(reason: string, status = 'lowercase status'): Response {
  return new Response(JSON.stringify({ error: { code: 400, status, details: [{ reason }] } }), { status: 400 });
}

describe(errorReason, () => {
  describe('when the reason is a machine code in capitals', () => {
    it.each(['API_KEY_INVALID', 'ABC', 'A'.repeat(64)])('should keep %s', async (reason) => {
      await expect(errorReason(googleError(reason))).resolves.toBe(reason);
    });
  });

  // Free text could echo what was sent (a key included): only a whole capitals code is kept.
  describe('when the reason is not a whole machine code', () => {
    it.each([
      ['prefixed by free text', 'key sk-SECRET is API_KEY_INVALID'],
      ['followed by free text', 'API_KEY_INVALID for sk-secret'],
      ['starting with a digit', '1API_KEY'],
      ['with lower-case letters', 'Api_key_invalid'],
      ['too short', 'AB'],
      ['too long', 'A'.repeat(65)],
    ])('should keep nothing from a reason %s', async (_, reason) => {
      await expect(errorReason(googleError(reason))).resolves.toBeUndefined();
    });
  });

  describe('when the body is larger than 16 KiB', () => {
    it('should not read it for a reason', async () => {
      const body = JSON.stringify({ error: { status: 'PERMISSION_DENIED', padding: 'x'.repeat(16 * 1024) } });
      await expect(errorReason(new Response(body, { status: 403 }))).resolves.toBeUndefined();
    });

    it('should read a body just under the cap', async () => {
      const body = JSON.stringify({ error: { status: 'PERMISSION_DENIED', padding: 'x'.repeat(16 * 1024 - 100) } });
      await expect(errorReason(new Response(body, { status: 403 }))).resolves.toBe('PERMISSION_DENIED');
    });
  });
});
