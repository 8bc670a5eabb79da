import { ConfigError } from '../../errors/ConfigError.js';

/** Where a Redis URL points, parsed once; `safe` is the form that may appear in messages. */
export interface RedisEndpoint {
  host: string;
  port: number;
  /** True for `rediss://`. */
  tls: boolean;
  username?: string | undefined;
  password?: string | undefined;
  database?: number | undefined;
  /** `redis://host:port/db` without any user name or password. */
  safe: string;
  /** Every form in which the credentials could appear, longest first, for redacting messages from below. */
  secrets: readonly string[];
}

/**
 * Parses a `redis://` or `rediss://` URL (`redis[s]://[[user]:password@]host[:port][/db]`).
 * Throws a `ConfigError` naming `field` whose message never holds the credentials.
 * @example
 * parseRedisUrl('rediss://:s3cret@cache.internal:6380/2').safe // 'rediss://cache.internal:6380/2'
 */
export function parseRedisUrl(url: string, field = 'store.url'): RedisEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError([{ path: field, message: 'expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' }]);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError([{ path: field, message: `expected a redis:// or rediss:// URL, not ${parsed.protocol}//…` }]);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new ConfigError([{ path: field, message: 'expected a host, e.g. redis://127.0.0.1:6379' }]);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, '');
  const database = path === '' ? undefined : Number(path);
  if (database !== undefined && !(Number.isInteger(database) && database >= 0)) {
    throw new ConfigError([{ path: field, message: 'expected a database number after the host, e.g. redis://127.0.0.1:6379/0' }]);
  }
  const username = parsed.username === '' ? undefined : decodeURIComponent(parsed.username);
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  // The raw URL is listed too, only when it holds a password; longest first: the URL holds the raw password, which decoding never lengthens.
  const secrets = password === undefined ? [] : [url, parsed.password, password];
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const safe = `${parsed.protocol}//${hostPart}:${port}${database === undefined ? '' : `/${database}`}`;
  return { host, port, tls: parsed.protocol === 'rediss:', username, password, database, safe, secrets };
}

/** `text` with every credential of `endpoint` (and the raw URL) replaced by `[redacted]`. */
export function redactRedis(text: string, endpoint: RedisEndpoint): string {
  let result = text;
  // `secrets` is listed longest first, so the whole URL goes before the password inside it.
  for (const secret of endpoint.secrets) {
    result = result.split(secret).join('[redacted]');
  }
  return result;
}
