import { ProviderError } from '../errors/ProviderError.js';
import { displayUrl } from './displayUrl.js';
import { formatWait } from './formatWait.js';

/** What {@link statusError} needs to write a message that tells the user what to do. */
export interface StatusContext {
  provider: string;
  /** Where the key comes from, as the user would fix it: `OPENAI_API_KEY or apiKey in the config`. */
  keyHint: string;
  url: URL;
  retryAfterMs?: number | undefined;
  /** The error body's machine-readable reason, when it gave one. */
  reason?: string | undefined;
}

/** The error for a non-2xx, non-redirect answer. Never quotes the body: it may echo a key. */
export function statusError(status: number, context: StatusContext): ProviderError {
  const { provider, keyHint, url, retryAfterMs, reason } = context;
  const options = { status, retryAfterMs, reason };
  switch (status) {
    case 401:
      return new ProviderError(provider, 'auth', `the API key was rejected (401); check ${keyHint}`, options);
    case 403:
      return new ProviderError(provider, 'forbidden', `access was refused (403); check ${keyHint} and that the key may list models`, options);
    case 404:
      return new ProviderError(provider, 'not_found', `no model list at ${displayUrl(url)} (404); check baseUrl`, options);
    case 429: {
      const when = retryAfterMs === undefined ? 'later' : `in ${formatWait(retryAfterMs)}`;
      return new ProviderError(provider, 'rate_limited', `too many requests (429); try again ${when}`, options);
    }
    default:
      if (serverFailed(status)) {
        return new ProviderError(provider, 'http_error', `the server failed (${status}); try again later`, options);
      }
      return new ProviderError(provider, 'http_error', `unexpected answer ${status} from ${displayUrl(url)}; check baseUrl`, options);
  }
}

/** True for failures worth another attempt: no connection, a request timeout, 408, 429, 5xx. */
export function isRetryable(error: ProviderError): boolean {
  if (error.code === 'network' || error.code === 'timeout' || error.code === 'rate_limited') return true;
  return error.status !== undefined && serverFailed(error.status);
}

/** 5xx, or 408 (the server gave up waiting): the server's failure, not the request's, so worth another attempt. */
function serverFailed(status: number): boolean {
  return status >= 500 || status === 408;
}
