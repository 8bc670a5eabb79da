import { describe, expect, it } from '@jest/globals';
import { formatWait } from '../../src/http/formatWait.js';

describe('formatWait', () => {
  it.each([
    [0, '0 s'],
    [1_500, '2 s'],
    [30_000, '30 s'],
    [60_000, '1 min'],
    [90_000, '2 min'],
    [3_600_000, '1 h'],
    [5_400_000, '1.5 h'],
    [86_400_000, '1 day'],
    [3 * 86_400_000, '3 days'],
  ])('should write %i ms as %p', (ms, text) => {
    expect(formatWait(ms)).toBe(text);
  });
});
