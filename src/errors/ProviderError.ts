import { ScopedModelsError } from './ScopedModelsError.js';

/** Why a provider's model list could not be had. */
export type ProviderErrorCode =
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'http_error'
  | 'failed';

/** A provider could not list its models. The message never holds a key or a raw response body. */
export class ProviderError extends ScopedModelsError {
  declare readonly code: ProviderErrorCode;
  readonly provider: string;
  /** The HTTP status, when the provider answered. */
  readonly status: number | undefined;

  constructor(
    provider: string,
    code: ProviderErrorCode,
    message: string,
    options?: { status?: number | undefined; cause?: unknown },
  ) {
    super(code, `${provider}: ${message}`, { cause: options?.cause });
    this.provider = provider;
    this.status = options?.status;
  }
}
