import { createRequire } from 'node:module';
import type * as NodeRedis from 'redis';
import { reconnectDelay } from './reconnectDelay.js';
import type { ResolvedRedisOptions } from './RedisStoreOptions.js';
import { TopologyClient } from './TopologyClient.js';

export { reconnectDelay };

// node-redis loads ~700 files (~200 ms): it is loaded at the first connection, so a process
// without a Redis store (every CLI run on a file store) never pays for it.
const require = createRequire(import.meta.url);
let loaded: NodeRedisLoaded | undefined;

/** node-redis, and the one client class every single-server connection is made from. */
interface NodeRedisLoaded {
  redis: typeof NodeRedis;
  newClient: ClientFactory;
}

function loadNodeRedis(): NodeRedisLoaded {
  if (loaded === undefined) {
    const redis = require('redis') as typeof NodeRedis;
    loaded = { redis, newClient: clientFactory(redis) };
  }
  return loaded;
}

// One client class, built once: node-redis's `createClient` rebuilds its class (every
// command and module attached, ~30 ms) whenever the options differ from the previous call's,
// which they do for each connection role.
function clientFactory(redis: typeof NodeRedis) {
  return redis.RedisClient.factory({ RESP: 3 });
}
type ClientFactory = ReturnType<typeof clientFactory>;

/** A node-redis client (RESP3, no modules) for one server, or a cluster or sentinel client wrapped to look like one. */
export type RedisClient = ReturnType<ClientFactory> | TopologyClient;

/** What a connection is for; it names the connection in `CLIENT LIST`. */
export type RedisRole = 'store' | 'publisher' | 'subscriber';

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
export function createRedisClient(options: ResolvedRedisOptions, role: RedisRole): RedisClient {
  const { topology } = options;
  const { redis, newClient } = loadNodeRedis();
  if (topology.kind === 'single') return newClient(redisClientOptions(options, role));
  if (topology.kind === 'cluster') {
    const rootNodes = topology.nodes.map((node) => ({ socket: { host: node.host, port: node.port } }));
    const cluster = (destroyed: () => boolean) => redis.createCluster({ rootNodes, defaults: nodeClientOptions(options, role, destroyed), RESP: 3 });
    return new TopologyClient(cluster, options.reconnectMaxDelayMs);
  }
  const sentinelRootNodes = topology.sentinels.map(({ host, port }) => ({ host, port }));
  const sentinel = (destroyed: () => boolean) =>
    redis.createSentinel({ name: topology.masterName, sentinelRootNodes, nodeClientOptions: nodeClientOptions(options, role, destroyed), RESP: 3 });
  return new TopologyClient(sentinel, options.reconnectMaxDelayMs);
}

/**
 * The options every connection to a cluster or sentinel node is made from: credentials, TLS,
 * timeouts, the name. Their reconnecting stops once `destroyed()`: node-redis 6.3's sentinel
 * leaves a pub/sub connection that is still connecting at destroy() to retry for ever.
 */
export function nodeClientOptions(options: ResolvedRedisOptions, role: RedisRole, destroyed: () => boolean) {
  const { socket, database: _database, ...rest } = redisClientOptions(options, role);
  const { host: _host, port: _port, reconnectStrategy, ...nodeSocket } = socket;
  return { ...rest, socket: { ...nodeSocket, reconnectStrategy: (retries: number) => (destroyed() ? false : reconnectStrategy(retries)) } };
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
