import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelay, MAX_RETRY_AFTER_MS, retryAfterMs } from '../../src/http/retryDelay.js';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('retryAfterMs', () => {
  describe('when Retry-After is a number of seconds', () => {
    it('should give milliseconds', () => {
      expect(retryAfterMs(new Headers({ 'retry-after': '2' }), NOW)).toBe(2_000);
      expect(retryAfterMs(new Headers({ 'retry-after': '0' }), NOW)).toBe(0);
      expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }), NOW)).toBe(1_500);
      expect(retryAfterMs(new Headers({ 'retry-after': '1.25' }), NOW)).toBe(1_250);
    });
  });

  describe('when Retry-After is an HTTP date', () => {
    it('should give the time until then, never negative', () => {
      expect(retryAfterMs(new Headers({ 'retry-after': new Date(NOW + 7_000).toUTCString() }), NOW)).toBe(7_000);
      expect(retryAfterMs(new Headers({ 'retry-after': new Date(NOW - 7_000).toUTCString() }), NOW)).toBe(0);
    });
  });

  describe('when retry-after-ms is sent (OpenAI)', () => {
    it('should prefer it', () => {
      expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), NOW)).toBe(250);
    });
  });

  describe('when the value is unusable', () => {
    it.each(['', 'soon', '-3', '1e3', '12abc'])('should ignore %p', (value) => {
      expect(retryAfterMs(new Headers({ 'retry-after': value }), NOW)).toBeUndefined();
    });

    it('should be undefined without the header', () => {
      expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
    });
  });

  it("should carry the provider's own time, however long, not the client's wait cap", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
        const wait = retryAfterMs(new Headers({ 'retry-after': String(seconds) }), NOW);
        expect(wait).toBe(seconds * 1000);
      }),
    );
    expect(retryAfterMs(new Headers({ 'retry-after': '3600' }), NOW)).toBeGreaterThan(MAX_RETRY_AFTER_MS);
  });
});

describe('backoffDelay', () => {
  it('should stay between half and all of the capped exponential step', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const ceiling = Math.min(8_000, 500 * 2 ** attempt);
        const delay = backoffDelay(attempt, random, 500, 8_000);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('should grow with the attempt for the same jitter', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 0, 100, 10_000))).toEqual([50, 100, 200, 400]);
  });
});
