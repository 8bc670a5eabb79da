const BRAND = Symbol.for('scoped-models.error');

/**
 * The base of every error this package throws. `code` is stable and machine-readable;
 * the message says what happened and what to do about it, and never holds a secret.
 */
export class ScopedModelsError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for errors from any copy of this package (a duplicated install included). */
  static is(value: unknown): value is ScopedModelsError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
