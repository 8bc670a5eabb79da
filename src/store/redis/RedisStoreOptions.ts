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
  url?: string | Secret | undefined;
  /**
   * A Redis Cluster instead of one server: some of its nodes' URLs (the rest are discovered).
   * Credentials and TLS come from the first. Keys then carry the hash tag `{prefix}`, so every
   * key of one prefix lives in one slot (the Lua scripts need that).
   */
  nodes?: readonly (string | Secret)[] | undefined;
  /**
   * A Sentinel-guarded primary instead of one server: the sentinels to ask, with `masterName`.
   * Credentials for the data nodes, if any, come from `url` (`redis://:password@ignored`).
   */
  sentinels?: readonly { host: string; port: number }[] | undefined;
  /** The primary's name as the sentinels know it (`sentinel monitor NAME …`); required with `sentinels`. */
  masterName?: string | undefined;
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

/** One server, a cluster (its seed nodes), or a primary found through sentinels. */
export type RedisTopology =
  | { kind: 'single' }
  | { kind: 'cluster'; nodes: readonly RedisEndpoint[] }
  | { kind: 'sentinel'; sentinels: readonly { host: string; port: number }[]; masterName: string };

/** {@link RedisStoreOptions} checked and with defaults filled in. */
export interface ResolvedRedisOptions {
  /** The server (single), the first node (cluster), or the credentials and a description (sentinel). */
  endpoint: RedisEndpoint;
  topology: RedisTopology;
  prefix: string;
  commandTimeoutMs: number;
  reconnectMaxDelayMs: number;
  tls: RedisTlsOptions | undefined;
  logger: Logger;
}

/** Validates `options` eagerly: a bad option fails at construction with a message naming it. */
export function resolveRedisOptions(options: RedisStoreOptions): ResolvedRedisOptions {
  const prefix = options.prefix ?? 'scoped-models';
  if (prefix === '' || /\s/.test(prefix)) {
    throw new ConfigError([{ path: 'store.prefix', message: 'expected a non-empty prefix without white space' }]);
  }
  const { endpoint, topology } = resolveTopology(options);
  if (topology.kind === 'cluster' && /[{}]/.test(prefix)) {
    throw new ConfigError([{ path: 'store.prefix', message: 'in a cluster the prefix becomes the hash tag {prefix}: leave out { and }' }]);
  }
  return {
    endpoint,
    topology,
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

const reveal = (url: string | Secret): string => (typeof url === 'string' ? url : url.reveal());

function resolveTopology(options: RedisStoreOptions): { endpoint: RedisEndpoint; topology: RedisTopology } {
  if (options.nodes !== undefined) {
    const nodes = options.nodes.map((node, index) => parseRedisUrl(reveal(node), `store.nodes[${index}]`));
    const [first] = nodes;
    if (first === undefined) throw new ConfigError([{ path: 'store.nodes', message: 'expected at least one node URL, e.g. redis://10.0.0.1:7000' }]);
    return { endpoint: { ...first, safe: `cluster ${nodes.map((node) => node.safe).join(', ')}` }, topology: { kind: 'cluster', nodes } };
  }
  if (options.sentinels !== undefined) {
    const { sentinels, masterName } = options;
    if (sentinels.length === 0) throw new ConfigError([{ path: 'store.sentinels', message: 'expected at least one sentinel, e.g. [{ "host": "10.0.0.1", "port": 26379 }]' }]);
    if (masterName === undefined || masterName === '') {
      throw new ConfigError([{ path: 'store.masterName', message: 'expected the name the sentinels monitor the primary under (sentinel monitor NAME …)' }]);
    }
    const credentials = options.url === undefined ? undefined : parseRedisUrl(reveal(options.url));
    const where = sentinels.map((sentinel) => `${sentinel.host}:${sentinel.port}`).join(', ');
    const first = sentinels[0] as { host: string; port: number };
    return {
      endpoint: { ...(credentials ?? { tls: false, secrets: [] }), host: first.host, port: first.port, safe: `sentinel primary "${masterName}" via ${where}` },
      topology: { kind: 'sentinel', sentinels, masterName },
    };
  }
  if (options.url === undefined) throw new ConfigError([{ path: 'store.url', message: 'expected a redis:// URL, or nodes (a cluster), or sentinels with masterName' }]);
  return { endpoint: parseRedisUrl(reveal(options.url)), topology: { kind: 'single' } };
}
