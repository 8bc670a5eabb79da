import { readBodyCapped } from './readBodyCapped.js';

/** The most of an error body read for its reason; the rest is cancelled. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;

// Only a machine code in capitals (Google's `API_KEY_INVALID`, `FAILED_PRECONDITION`) is kept:
// free text could echo what was sent, a key included.
const REASON = /^[A-Z][A-Z0-9_]{2,63}$/;

/**
 * The machine-readable reason of an error answer, Google's shape
 * (`{ error: { status, details: [{ reason }] } }`): the most specific `details[].reason`, else
 * `error.status`. `undefined` when the body is large, not JSON, or says nothing usable.
 */
export async function errorReason(response: Response): Promise<string | undefined> {
  let text: string;
  try {
    const bytes = await readBodyCapped(response, MAX_ERROR_BODY_BYTES);
    if (bytes === undefined) return undefined;
    text = new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
  const error = field(parse(text), 'error');
  const details = field(error, 'details');
  const reasons = Array.isArray(details) ? details.map((detail) => field(detail, 'reason')) : [];
  return [...reasons, field(error, 'status')].find((value): value is string => typeof value === 'string' && REASON.test(value));
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
