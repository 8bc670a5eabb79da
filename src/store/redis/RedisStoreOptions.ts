import type { ConnectionOptions } from 'node:tls';
import type { Secret } from '../../config/Secret.js';
import { ConfigError } from '../../errors/ConfigError.js';
import { type Logger, silentLogger } from '../../logging/Logger.js';
import { parseRedisUrl, type RedisEndpoint } from './redisUrl.js';

/** TLS settings for a `rediss://` URL beyond the system's trust store (a private CA, a client certificate). */
export type RedisTlsOptions = Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'>;

/** Options of `RedisCatalogStore` and `RedisInvalidationBus`. */
export interface RedisStoreOptions {
  /**
   * `redis://` or `rediss://` (TLS), with any credentials:
   * `rediss://user:password@host:6380/0`. A `Secret` (from the config) is revealed only here.
   * The credentials never appear in a message or a log.
   */
  url: string | Secret;
  /** Every key and the channel start with this and a colon. Default `scoped-models`. */
  prefix?: string | undefined;
  /**
   * How long one call may take, connecting included, before it fails with a
   * `StoreUnavailableError`, in ms. Default 1000.
   */
  commandTimeoutMs?: number | undefined;
  /** The longest wait between two reconnection attempts, in ms (backoff doubles from 50 ms). Default 2000. */
  reconnectMaxDelayMs?: number | undefined;
  /** For `rediss://` only: a private CA, a client certificate. */
  tls?: RedisTlsOptions | undefined;
  /** Where ignored (corrupt) stored data is reported. Default: silent. */
  logger?: Logger | undefined;
}

/** {@link RedisStoreOptions} checked and with defaults filled in. */
export interface ResolvedRedisOptions {
  endpoint: RedisEndpoint;
  prefix: string;
  commandTimeoutMs: number;
  reconnectMaxDelayMs: number;
  tls: RedisTlsOptions | undefined;
  logger: Logger;
}

/** Validates `options` eagerly: a bad option fails at construction with a message naming it. */
export function resolveRedisOptions(options: RedisStoreOptions): ResolvedRedisOptions {
  const url = typeof options.url === 'string' ? options.url : options.url.reveal();
  const prefix = options.prefix ?? 'scoped-models';
  if (prefix === '' || /\s/.test(prefix)) {
    throw new ConfigError([{ path: 'store.prefix', message: 'expected a non-empty prefix without white space' }]);
  }
  return {
    endpoint: parseRedisUrl(url),
    prefix,
    commandTimeoutMs: positive(options.commandTimeoutMs, 1000, 'store.commandTimeoutMs'),
    reconnectMaxDelayMs: positive(options.reconnectMaxDelayMs, 2000, 'store.reconnectMaxDelayMs'),
    tls: options.tls,
    logger: options.logger ?? silentLogger,
  };
}

function positive(value: number | undefined, fallback: number, path: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError([{ path, message: 'expected a positive number of milliseconds' }]);
  return value;
}
