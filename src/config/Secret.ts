import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential that hides itself: `JSON.stringify`, `util.inspect`, template strings and
 * `String()` all show `[redacted]`. Only `reveal()` gives the value, at the point of use.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The credential itself; call it only where it is sent. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; a real key is never that short.
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}
