import { RedisClient as NodeRedisClient } from 'redis';
import type { ResolvedRedisOptions } from './RedisStoreOptions.js';

// One client class, built once: node-redis's `createClient` rebuilds its class (every
// command and module attached, ~30 ms) whenever the options differ from the previous call's,
// which they do for each connection role.
const newClient = NodeRedisClient.factory({ RESP: 3 });

/** The node-redis client this package uses (RESP3, no modules). */
export type RedisClient = ReturnType<typeof createRedisClient>;

/** What a connection is for; it names the connection in `CLIENT LIST`. */
export type RedisRole = 'store' | 'publisher' | 'subscriber';

/**
 * The waits between reconnection attempts: 50 ms doubling up to `maxDelayMs`, with ±20 % jitter
 * so that many instances do not reconnect in step after an outage.
 */
export function reconnectDelay(retries: number, maxDelayMs: number): number {
  const base = Math.min(50 * 2 ** Math.min(retries, 20), maxDelayMs);
  return Math.min(maxDelayMs, Math.round(base * (0.8 + Math.random() * 0.4)));
}

/**
 * The node-redis options for one connection. The URL is parsed here rather than handed to
 * node-redis, whose own URL errors quote the URL, password included.
 */
export function redisClientOptions(options: ResolvedRedisOptions, role: RedisRole) {
  const { endpoint } = options;
  const common = {
    host: endpoint.host,
    port: endpoint.port,
    connectTimeout: options.commandTimeoutMs,
    reconnectStrategy: (retries: number) => reconnectDelay(retries, options.reconnectMaxDelayMs),
  };
  return {
    socket: endpoint.tls ? { ...common, ...options.tls, tls: true as const } : { ...common, tls: false as const },
    ...(endpoint.username === undefined ? {} : { username: endpoint.username }),
    ...(endpoint.password === undefined ? {} : { password: endpoint.password }),
    ...(endpoint.database === undefined ? {} : { database: endpoint.database }),
    // A call while disconnected fails at once rather than waiting in a queue for Redis to return.
    disableOfflineQueue: true,
    // Names the connection in `CLIENT LIST`, so an operator (or a test) can tell them apart.
    name: `${options.prefix.replace(/[^!-~]/g, '_')}:${role}`,
  };
}

/** A node-redis client for `role`; it does not connect until `connect()` is called. */
export function createRedisClient(options: ResolvedRedisOptions, role: RedisRole) {
  return newClient(redisClientOptions(options, role));
}

/**
 * Closes `client` for good, at once. node-redis cannot reach a socket that is still
 * connecting, and would finish connecting it after `destroy()`; such a socket is closed as
 * soon as it connects.
 */
export function destroyClient(client: RedisClient): void {
  client.on('connect', () => client.destroy());
  try {
    client.destroy();
  } catch {
    // Already destroyed: nothing left to close.
  }
}
