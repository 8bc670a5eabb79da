import type { Dispatcher } from 'undici';
import { Secret } from '../config/Secret.js';
import { ConfigError, type ConfigIssue } from '../errors/ConfigError.js';
import { ProviderError } from '../errors/ProviderError.js';
import { HttpClient, type JsonResponse, type RetryEvent } from '../http/HttpClient.js';
import { systemClock, type Clock } from '../time/Clock.js';
import type { ModelListing, ModelProvider } from './ModelProvider.js';
import { keyHint, type ProviderDefaults } from './providerDefaults.js';

/** Options shared by every HTTP adapter; times in milliseconds. */
export interface HttpProviderOptions {
  /** The scope of the provider's models: `openai` in `openai/gpt-4o`. */
  name: string;
  /** The API's base URL, as the provider's own SDK has it; default per adapter (and preset). */
  baseUrl?: string | undefined;
  /** The key; a plain string is wrapped in a {@link Secret}. */
  apiKey?: Secret | string | undefined;
  /** Extra request headers (`OpenAI-Organization`, `HTTP-Referer`, `anthropic-beta`…); the key's header wins. */
  headers?: Readonly<Record<string, Secret | string>> | undefined;
  /** Where the user sets the key, for messages; default the adapter's key variables. */
  keyHint?: string | undefined;
  /** The whole listing (pages, retries and waits included) ends by then. Default 10000. */
  timeoutMs?: number | undefined;
  /** One request's limit. Default 5000. */
  requestTimeoutMs?: number | undefined;
  /** Retries after a network error, a request timeout, 408, 429 or 5xx. Default 2. */
  retries?: number | undefined;
  /** The largest answer read. Default 32 MiB. */
  maxBodyBytes?: number | undefined;
  /** Default the system clock. */
  clock?: Clock | undefined;
  /** A number in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: (() => number) | undefined;
  /** An undici dispatcher, e.g. a proxy agent; default a direct connection. */
  dispatcher?: Dispatcher | undefined;
  /** Told before each retry's wait. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** One listing in progress: its signal and the clock time it must end by. */
export interface Listing {
  signal: AbortSignal;
  deadline: number;
}

// RFC 9110 field values: visible ASCII, space, tab and obs-text. Anything else (CR, LF, NUL,
// non-Latin-1) would make fetch throw with the value in its message.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The common part of the HTTP adapters: base URL, headers and key, the shared
 * {@link HttpClient}, and each listing's deadline. A subclass says how it authenticates and
 * how its list is read.
 */
export abstract class HttpModelProvider implements ModelProvider {
  readonly name: string;
  readonly unavailableReason: string | undefined;
  /** The base URL without a trailing slash. */
  readonly baseUrl: string;
  protected readonly apiKey: Secret | undefined;
  /** Where the user sets the key, for messages: `OPENAI_API_KEY or apiKey in the config`. */
  protected readonly keyHint: string;
  readonly #headers: readonly (readonly [string, Secret])[];
  readonly #http: HttpClient;
  readonly #clock: Clock;
  readonly #timeoutMs: number;

  /**
   * @throws {ConfigError} when there is no usable base URL, or a key or header holds
   * characters HTTP does not allow (the message never shows the value).
   */
  protected constructor(options: HttpProviderOptions, defaults: ProviderDefaults) {
    this.name = options.name;
    const issues: ConfigIssue[] = [];
    this.baseUrl = checkBaseUrl(options.baseUrl ?? defaults.baseUrl, issues);
    this.apiKey = typeof options.apiKey === 'string' ? new Secret(options.apiKey) : options.apiKey;
    if (this.apiKey !== undefined && !HEADER_VALUE.test(this.apiKey.reveal())) {
      issues.push({ path: 'apiKey', message: 'the key holds characters an HTTP header cannot carry (a line break?)' });
    }
    this.#headers = Object.entries(options.headers ?? {}).map(([header, value]) => {
      const secret = typeof value === 'string' ? new Secret(value) : value;
      if (!HEADER_VALUE.test(secret.reveal())) {
        issues.push({ path: `headers.${header}`, message: 'the value holds characters an HTTP header cannot carry' });
      }
      return [header, secret] as const;
    });
    if (issues.length > 0) throw new ConfigError(issues, `provider "${options.name}"`);
    const hint = options.keyHint ?? keyHint(defaults.keyEnv);
    this.keyHint = hint;
    this.unavailableReason = defaults.keyRequired && this.apiKey === undefined ? `no API key: set ${hint}` : undefined;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#http = new HttpClient({
      provider: options.name,
      keyHint: hint,
      clock: this.#clock,
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      dispatcher: options.dispatcher,
      onRetry: options.onRetry,
    });
  }

  /** Asks the provider for its models; entries of the wrong shape are skipped and counted. */
  abstract listModels(signal: AbortSignal): Promise<ModelListing>;

  /** The headers that carry the key. */
  protected abstract authHeaders(key: string): Record<string, string>;

  /** Headers every request sends unless the configuration overrides them (`anthropic-version`). */
  protected defaultHeaders(): Record<string, string> {
    return {};
  }

  /** Starts a listing: its deadline is `timeoutMs` from now. */
  protected beginListing(signal: AbortSignal): Listing {
    signal.throwIfAborted();
    return { signal, deadline: this.#clock.now() + this.#timeoutMs };
  }

  /** `baseUrl + path`, with `query` added. */
  protected endpoint(path: string, query: Readonly<Record<string, string | undefined>> = {}): URL {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
    return url;
  }

  /** GETs JSON with the provider's headers; `retries` overrides the configured count. */
  protected getJson(url: URL, listing: Listing, retries?: number): Promise<JsonResponse> {
    return this.#send(url, listing, retries, undefined);
  }

  /** POSTs `body` as JSON with the provider's headers and reads the JSON answer. */
  protected postJson(url: URL, body: unknown, listing: Listing, retries?: number): Promise<JsonResponse> {
    return this.#send(url, listing, retries, body);
  }

  #send(url: URL, listing: Listing, retries: number | undefined, jsonBody: unknown): Promise<JsonResponse> {
    const headers: Record<string, string> = { ...this.defaultHeaders() };
    for (const [header, value] of this.#headers) setHeader(headers, header, value.reveal());
    if (this.apiKey !== undefined) {
      for (const [header, value] of Object.entries(this.authHeaders(this.apiKey.reveal()))) setHeader(headers, header, value);
    }
    const request = {
      url,
      headers,
      signal: listing.signal,
      deadline: listing.deadline,
      ...(retries === undefined ? {} : { retries }),
      ...(jsonBody === undefined ? {} : { jsonBody }),
    };
    return this.#http.getJson(request).catch((error: unknown) => {
      // "Rejected" would mislead when no key was sent at all.
      if (error instanceof ProviderError && error.code === 'auth' && this.apiKey === undefined) {
        throw new ProviderError(this.name, 'auth', `the server asks for an API key (${error.status ?? 401}); set ${this.keyHint}`, { status: error.status });
      }
      throw error;
    });
  }
}

/** Sets a header, replacing any spelling of the same name (HTTP names are case-insensitive). */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
  headers[name] = value;
}

function checkBaseUrl(baseUrl: string | undefined, issues: ConfigIssue[]): string {
  if (baseUrl === undefined) {
    issues.push({ path: 'baseUrl', message: 'this provider needs a baseUrl, e.g. "http://localhost:8000/v1"' });
    return '';
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    issues.push({ path: 'baseUrl', message: 'expected an http:// or https:// URL' });
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push({ path: 'baseUrl', message: 'expected an http:// or https:// URL' });
  } else if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    // fetch refuses URLs with credentials; a query or fragment would be lost when paths are appended.
    issues.push({ path: 'baseUrl', message: 'expected a URL without user:password, query or fragment (put credentials in apiKey or headers)' });
  }
  return url.href.replace(/\/+$/, '');
}
