import type { Dispatcher } from 'undici';
import { ProviderError } from '../errors/ProviderError.js';
import { systemClock, type Clock } from '../time/Clock.js';
import { proxyRouteOf } from './proxyDispatcher.js';
import { errorReason } from './errorReason.js';
import { readBodyCapped } from './readBodyCapped.js';
import { backoffDelay, MAX_RETRY_AFTER_MS, retryAfterMs } from './retryDelay.js';
import { isRetryable, statusError } from './statusError.js';
import { wait } from './wait.js';

/** The most redirects followed for one request. */
export const MAX_REDIRECTS = 5;

/** Options of an {@link HttpClient}; times in milliseconds. */
export interface HttpClientOptions {
  /** The provider's name; every error message starts with it. */
  provider: string;
  /** Where the user sets the key, for 401/403 messages. Default `apiKey in the config`. */
  keyHint?: string;
  /** Drives the request timeouts, backoff waits and the deadline. Default the system clock. */
  clock?: Clock;
  /** A number in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** The longest one request (redirects and body included) may take. Default 5000. */
  requestTimeoutMs?: number;
  /** Further attempts after a network error, a request timeout, 408, 429 or 5xx. Default 2. */
  retries?: number;
  /** The largest body read; a longer one fails with `bad_response`. Default 32 MiB. */
  maxBodyBytes?: number;
  /** The first backoff wait, doubled on each retry. Default 500. */
  backoffBaseMs?: number;
  /** The longest backoff wait (a `Retry-After` may ask for up to 30 s). Default 8000. */
  backoffMaxMs?: number;
  /** Sends requests through this undici dispatcher (a proxy agent); default a direct connection. */
  dispatcher?: Dispatcher | undefined;
  /** Told before each wait for a retry, e.g. to log it. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** A retry about to happen. */
export interface RetryEvent {
  provider: string;
  /** 1 for the first retry. */
  retry: number;
  /** How long the client waits before it, in milliseconds. */
  delayMs: number;
  /** Why the previous attempt failed. */
  error: ProviderError;
}

/** One GET that answers JSON. */
export interface JsonRequest {
  url: URL;
  /** Header values are sent as they are: reveal secrets just before the call. */
  headers?: Readonly<Record<string, string>>;
  /** Aborts everything (attempts and waits); the call rejects with its reason. */
  signal: AbortSignal;
  /** Clock time (ms since the epoch) past which nothing waits: the provider's deadline. */
  deadline: number;
  /** Overrides the client's `retries` for this call (0 for an optional request). */
  retries?: number;
  /** Sent as JSON in a POST (Ollama's `/api/show`); without it the request is a GET. */
  jsonBody?: unknown;
}

/** A successful JSON answer. */
export interface JsonResponse {
  status: number;
  /** The parsed JSON: untrusted, validate it. */
  body: unknown;
  /** The URL that answered, after same-origin redirects. */
  url: URL;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one HTTP layer under every adapter: Node's fetch with a timeout per request inside the
 * provider's deadline, retries with backoff and jitter that honour `Retry-After`, a streamed
 * body with a byte cap, same-origin redirects only, and errors that never hold a key or a body.
 */
export class HttpClient {
  readonly #provider: string;
  readonly #keyHint: string;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #requestTimeoutMs: number;
  readonly #retries: number;
  readonly #maxBodyBytes: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;

  constructor(options: HttpClientOptions) {
    this.#provider = options.provider;
    this.#keyHint = options.keyHint ?? 'apiKey in the config';
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#requestTimeoutMs = positive('requestTimeoutMs', options.requestTimeoutMs ?? 5_000);
    this.#retries = nonNegative('retries', options.retries ?? 2);
    this.#maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes ?? 32 * 1024 * 1024);
    this.#backoffBaseMs = positive('backoffBaseMs', options.backoffBaseMs ?? 500);
    this.#backoffMaxMs = positive('backoffMaxMs', options.backoffMaxMs ?? 8_000);
    this.#dispatcher = options.dispatcher;
    this.#onRetry = options.onRetry;
  }

  /**
   * GETs `request.url` (POSTs `jsonBody` where given) and parses the JSON answer, retrying what is worth retrying.
   * @throws {ProviderError} with the code of the last failure; or the signal's reason when it aborts.
   */
  async getJson(request: JsonRequest): Promise<JsonResponse> {
    const retries = request.retries ?? this.#retries;
    for (let attempt = 0; ; attempt++) {
      request.signal.throwIfAborted();
      try {
        return await this.#attempt(request);
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        if (!(error instanceof ProviderError) || !isRetryable(error) || attempt >= retries) throw error;
        // The error keeps the provider's own Retry-After; only our wait is capped.
        const delayMs =
          error.retryAfterMs !== undefined
            ? Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS)
            : backoffDelay(attempt, this.#random(), this.#backoffBaseMs, this.#backoffMaxMs);
        // A wait that would end past the deadline cannot help: report the failure now.
        if (this.#clock.now() + delayMs >= request.deadline) throw error;
        this.#onRetry?.({ provider: this.#provider, retry: attempt + 1, delayMs, error });
        await wait(this.#clock, delayMs, request.signal);
      }
    }
  }

  async #attempt(request: JsonRequest): Promise<JsonResponse> {
    const remaining = request.deadline - this.#clock.now();
    if (remaining <= 0) throw this.#error('timeout', 'the discovery deadline passed; raise discovery.timeoutMs');
    const timeoutMs = Math.min(this.#requestTimeoutMs, remaining);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(request.signal.reason);
    request.signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const cancelTimer = this.#clock.setTimer(
      () => {
        timedOut = true;
        controller.abort();
      },
      timeoutMs,
      { keepAlive: true },
    );
    try {
      return await this.#follow(request, controller.signal);
    } catch (error) {
      // A caller's abort lands here too; getJson rethrows its reason.
      if (timedOut) {
        // Name the setting that bounded this wait: the discovery deadline when it came first.
        const raise = timeoutMs < this.#requestTimeoutMs ? 'discovery.timeoutMs' : 'discovery.requestTimeoutMs';
        throw this.#error('timeout', `no answer within ${timeoutMs} ms from ${request.url.origin}; check that it is reachable or raise ${raise}`);
      }
      if (error instanceof ProviderError) throw error;
      throw this.#networkError(request.url, error);
    } finally {
      cancelTimer();
      request.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Sends the request and follows same-origin redirects by hand, so no header leaves the origin. */
  async #follow(request: JsonRequest, signal: AbortSignal): Promise<JsonResponse> {
    const headers = this.#headers(request.headers);
    let url = request.url;
    for (let redirects = 0; ; redirects++) {
      const init: RequestInit = { headers, signal, redirect: 'manual' };
      if (request.jsonBody !== undefined) {
        headers.set('content-type', 'application/json');
        Object.assign(init, { method: 'POST', body: JSON.stringify(request.jsonBody) });
      }
      // undici's own Dispatcher type differs from the copy Node's fetch types use; the object is the same.
      // An undefined one is fetch's default, a direct connection.
      Object.assign(init, { dispatcher: this.#dispatcher });
      const response = await fetch(url, init);
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        url = this.#redirectTarget(url, request.url, response, redirects);
        continue;
      }
      if (!response.ok) {
        throw statusError(response.status, {
          provider: this.#provider,
          keyHint: this.#keyHint,
          url,
          retryAfterMs: retryAfterMs(response.headers, this.#clock.now()),
          reason: await errorReason(response),
        });
      }
      return { status: response.status, body: await this.#readJson(response), url };
    }
  }

  #redirectTarget(current: URL, original: URL, response: Response, redirects: number): URL {
    const location = response.headers.get('location');
    const status = { status: response.status };
    const target = location !== null && URL.canParse(location, current.href) ? new URL(location, current) : undefined;
    if (target === undefined) {
      return this.#throw('http_error', `a redirect (${response.status}) had no usable Location; check baseUrl`, status);
    }
    if (target.origin !== original.origin) {
      return this.#throw(
        'http_error',
        // The target is not quoted: the server chose it, and it may echo what it was sent.
        `refused a redirect from ${original.origin} to another origin; credentials are never sent there — set baseUrl to the address you trust`,
        status,
      );
    }
    if (redirects >= MAX_REDIRECTS) {
      return this.#throw('http_error', `more than ${MAX_REDIRECTS} redirects from ${original.origin}; check baseUrl`, status);
    }
    return target;
  }

  async #readJson(response: Response): Promise<unknown> {
    const bytes = await readBodyCapped(response, this.#maxBodyBytes);
    if (bytes === undefined) {
      throw this.#error('bad_response', `the answer was larger than ${this.#maxBodyBytes} bytes; raise discovery.maxBodyBytes if it is genuine`, {
        status: response.status,
      });
    }
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    } catch {
      throw this.#error('bad_response', `the answer was not valid JSON (${response.status}); check baseUrl points at the API`, {
        status: response.status,
      });
    }
  }

  #headers(values: Readonly<Record<string, string>> | undefined): Headers {
    try {
      return new Headers({ accept: 'application/json', ...values });
    } catch {
      // The platform's message would quote the offending value, which may be a key.
      return this.#throw('failed', 'a request header (apiKey or headers in the config) holds characters HTTP does not allow');
    }
  }

  #networkError(url: URL, error: unknown): ProviderError {
    const detail = networkCode(error);
    const code = detail === undefined ? '' : ` (${detail})`;
    // Through a proxy, the proxy may be what refused: name it (never its credentials).
    const proxy = proxyRouteOf(this.#dispatcher, url);
    if (proxy !== undefined) {
      return this.#error(
        'network',
        `could not reach ${url.origin} through ${proxy.variable} at ${proxy.address}${code}; check that the proxy is up and lets this host through, or add the host to NO_PROXY`,
      );
    }
    return this.#error('network', `could not reach ${url.origin}${code}; check baseUrl, the network and any proxy settings`);
  }

  #error(code: ProviderError['code'], message: string, options?: { status?: number }): ProviderError {
    return new ProviderError(this.#provider, code, message, options);
  }

  #throw(code: ProviderError['code'], message: string, options?: { status?: number }): never {
    throw this.#error(code, message, options);
  }
}

/** The system's error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…): informative, and never holds a header. */
function networkCode(error: unknown): string | undefined {
  // fetch nests it in `cause` (two levels down through a proxy); the bound ends a chain that loops.
  for (let current: unknown = error, depth = 0; depth < 4; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`HttpClient: ${name} must be a positive number of milliseconds or bytes`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`HttpClient: ${name} must be a whole number ≥ 0`);
  return value;
}
