import { ScopedModelsError } from './ScopedModelsError.js';

/**
 * Why a provider's model list could not be had:
 * - `auth` — the key was rejected (401);
 * - `forbidden` — the key may not list models (403);
 * - `not_found` — no list endpoint at the base URL (404);
 * - `rate_limited` — still 429 after the retries, or told to wait past the deadline;
 * - `timeout` — no answer within `discovery.requestTimeoutMs` or `discovery.timeoutMs`;
 * - `network` — no connection (refused, DNS, reset, proxy);
 * - `bad_response` — not JSON, too large, the wrong shape, or a pagination loop;
 * - `http_error` — any other status, or a redirect that was refused;
 * - `empty_held_back` — an empty list after a non-empty one, held back once (the last list stays);
 * - `failed` — anything else a provider threw.
 */
export type ProviderErrorCode =
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'http_error'
  | 'empty_held_back'
  | 'failed';

/** Options of a {@link ProviderError}. */
export interface ProviderErrorOptions {
  /** The HTTP status, when the provider answered. */
  status?: number | undefined;
  /** How long the provider asked to wait before the next request (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** The provider's machine-readable reason (`API_KEY_INVALID`), when its error body gave one. */
  reason?: string | undefined;
  cause?: unknown;
}

/** A provider could not list its models. The message never holds a key or a raw response body. */
export class ProviderError extends ScopedModelsError {
  declare readonly code: ProviderErrorCode;
  readonly provider: string;
  /** The HTTP status, when the provider answered. */
  readonly status: number | undefined;
  /** The provider's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** The provider's machine-readable reason (`API_KEY_INVALID`), when its error body gave one. */
  readonly reason: string | undefined;

  constructor(provider: string, code: ProviderErrorCode, message: string, options?: ProviderErrorOptions) {
    super(code, `${provider}: ${message}`, { cause: options?.cause });
    this.provider = provider;
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
    this.reason = options?.reason;
  }
}
