import { HttpError } from './HttpError.js';

const MULTIPLIERS: Readonly<Record<string, number>> = { '': 1, k: 1_000, m: 1_000_000 };

/**
 * A token count as a client writes it, already trimmed: `128000`, `200k`, `1m`, `1.5m` (k = 1 000, m = 1 000 000).
 * @throws {HttpError} 400 naming `param` for anything else, or for 0.
 */
export function parseTokenCount(text: string, param: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text);
  const count = match === null ? Number.NaN : Math.round(Number(match[1]) * MULTIPLIERS[match[2]!.toLowerCase()]!);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new HttpError(400, 'invalid_query', `"${param}" must be a number of tokens such as 128000, 200k or 1m`, { param });
  }
  return count;
}
