/**
 * The waits between reconnection attempts: 50 ms doubling up to `maxDelayMs`, with ±20 % jitter
 * so that many instances do not reconnect in step after an outage.
 */
export function reconnectDelay(retries: number, maxDelayMs: number): number {
  const base = Math.min(50 * 2 ** Math.min(retries, 20), maxDelayMs);
  return Math.min(maxDelayMs, Math.round(base * (0.8 + Math.random() * 0.4)));
}
