/** The longest `Retry-After` the client waits, in milliseconds; a longer one is waited this long. */
export const MAX_RETRY_AFTER_MS = 30_000;

/**
 * How long a provider asked to wait, in milliseconds, as it asked (an hour stays an hour; the
 * client caps only its own wait at {@link MAX_RETRY_AFTER_MS}): from `retry-after-ms` (OpenAI's) or `Retry-After` (seconds or an HTTP date, RFC 9110).
 * `undefined` when neither says anything usable.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const milliseconds = parseNonNegative(headers.get('retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds;
  const value = headers.get('retry-after')?.trim();
  if (value === undefined) return undefined;
  const seconds = parseNonNegative(value);
  if (seconds !== undefined) return seconds * 1000;
  // A date: only the RFC 9110 forms have letters and a comma or GMT; Date.parse accepts them all.
  const at = /[A-Za-z]/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function parseNonNegative(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * The wait before retry number `attempt + 1`: exponential from `baseMs`, at most `maxMs`,
 * with "equal jitter" (half fixed, half random), so clients that failed together spread out.
 * @param random a number in [0, 1), e.g. `Math.random()`.
 */
export function backoffDelay(attempt: number, random: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  const jitter = Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}
