import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { StoreUnavailableError } from '../../../src/errors/StoreUnavailableError.js';
import { createRedisClient, destroyClient, nodeClientOptions, reconnectDelay, redisClientOptions } from '../../../src/store/redis/createRedisClient.js';
import { RedisCatalogStore } from '../../../src/store/redis/RedisCatalogStore.js';
import { RedisInvalidationBus } from '../../../src/store/redis/RedisInvalidationBus.js';
import { resolveRedisOptions } from '../../../src/store/redis/RedisStoreOptions.js';
import { cleanupAfterEach } from '../../helpers/cleanup.js';
import { startFakeRedis } from '../../helpers/fakeRedis.js';
import { describeRedis, eventually, REDIS_URL, redisAdmin, uniquePrefix } from '../../helpers/redis.js';
import { startTlsRedis, type TlsRedis } from '../../helpers/redisTls.js';
import { describeNeeding, tool } from '../../helpers/requireTools.js';

describe('redisClientOptions', () => {
  describe('when the URL is redis://', () => {
    it('should connect in plain TCP, fail fast while offline, and name the connection', () => {
      const options = redisClientOptions(resolveRedisOptions({ url: 'redis://u:pw@h:7000/3', prefix: 'app:modèles', commandTimeoutMs: 300 }), 'store');
      expect(options).toMatchObject({
        socket: { host: 'h', port: 7000, tls: false, connectTimeout: 300 },
        username: 'u',
        password: 'pw',
        database: 3,
        disableOfflineQueue: true,
        name: 'app:mod_les:store',
      });
      expect(JSON.stringify(options)).not.toContain('redis://');
    });
  });

  describe('when the URL is rediss://', () => {
    it('should turn TLS on and pass the TLS options along', () => {
      const options = redisClientOptions(
        resolveRedisOptions({ url: 'rediss://cache.internal:6380', tls: { ca: 'PEM', servername: 'cache.internal' } }),
        'subscriber',
      );
      expect(options.socket).toMatchObject({ host: 'cache.internal', port: 6380, tls: true, ca: 'PEM', servername: 'cache.internal' });
      expect(options).not.toHaveProperty('password');
    });
  });
});

describe('nodeClientOptions', () => {
  const options = resolveRedisOptions({ url: 'redis://:pw@ignored/2', sentinels: [{ host: 's1', port: 26379 }], masterName: 'primary', reconnectMaxDelayMs: 1_000 });

  it('should leave out the address and database, which each node has its own of', () => {
    const node = nodeClientOptions(options, 'subscriber', () => false);
    expect(node).toMatchObject({ password: 'pw', disableOfflineQueue: true, name: expect.stringMatching(/:subscriber$/) });
    expect(node).not.toHaveProperty('database');
    expect(node.socket).not.toHaveProperty('host');
    expect(node.socket).not.toHaveProperty('port');
  });

  it('should keep reconnecting with backoff until the owning client is destroyed, then stop (node-redis sentinel leaks a connecting pub/sub client)', () => {
    let destroyed = false;
    const { reconnectStrategy } = nodeClientOptions(options, 'subscriber', () => destroyed).socket;
    expect(reconnectStrategy(50)).toBeLessThanOrEqual(1_000);
    expect(reconnectStrategy(50)).toBeGreaterThan(0);
    destroyed = true;
    expect(reconnectStrategy(50)).toBe(false);
    expect(reconnectStrategy(0)).toBe(false);
  });
});

describe('createRedisClient', () => {
  it('should build the client class once for every role (regression: ~30 ms per connection)', () => {
    const options = resolveRedisOptions({ url: 'redis://127.0.0.1:6379' });
    const classOf = (client: object): unknown => Object.getPrototypeOf(Object.getPrototypeOf(client));
    const [store, subscriber, publisher] = (['store', 'subscriber', 'publisher'] as const).map((role) => createRedisClient(options, role));
    expect(classOf(subscriber!)).toBe(classOf(store!));
    expect(classOf(publisher!)).toBe(classOf(store!));
  });

  describe('for a cluster', () => {
    const cleanup = cleanupAfterEach();

    it('should connect to the seed node that store.nodes names', async () => {
      const heard: string[] = [];
      // Not a cluster node: enough to see who connects (the client keeps trying until destroyed).
      const seed = cleanup.closing(await startFakeRedis(([name]) => void heard.push(name ?? '')));
      const client = createRedisClient(resolveRedisOptions({ nodes: [seed.url], reconnectMaxDelayMs: 50 }), 'store');
      client.on('error', () => {});
      cleanup.defer(() => destroyClient(client));
      void client.connect().catch(() => {});
      await eventually(() => expect(heard).toContain('HELLO'));
    });
  });
});

await describeRedis('createRedisClient on the shared Redis', () => {
  const cleanup = cleanupAfterEach();

  it('should speak RESP3 to a single server', async () => {
    const admin = await redisAdmin();
    cleanup.defer(() => admin.destroy());
    const prefix = uniquePrefix();
    const client = createRedisClient(resolveRedisOptions({ url: REDIS_URL, prefix }), 'store');
    cleanup.defer(() => destroyClient(client));
    await client.connect();
    const mine = (await admin.clientList()).filter((connection) => connection.name === `${prefix}:store`);
    expect(mine.map((connection) => connection.resp)).toEqual([3]);
  });
});

describe('reconnectDelay', () => {
  it('should grow from about 50 ms and never pass the cap', () => {
    expect(reconnectDelay(0, 2000)).toBeGreaterThanOrEqual(40);
    expect(reconnectDelay(0, 2000)).toBeLessThanOrEqual(60);
    for (const retries of [5, 10, 100, 10_000]) expect(reconnectDelay(retries, 2000)).toBeLessThanOrEqual(2000);
    expect(reconnectDelay(10_000, 2000)).toBeGreaterThanOrEqual(1600);
  });

  it('should jitter each wait by at most 20 % either way', () => {
    const random = jest.spyOn(Math, 'random');
    try {
      random.mockReturnValue(0);
      expect(reconnectDelay(2, 10_000)).toBe(160);
      random.mockReturnValue(0.999_999);
      expect(reconnectDelay(2, 10_000)).toBe(240);
    } finally {
      random.mockRestore();
    }
  });
});

describeNeeding('RedisCatalogStore over TLS (rediss://)', [tool('openssl', ['version']), tool('redis-server', ['--version'], 'apt-get install redis-server')], () => {
  let server: TlsRedis;

  beforeAll(async () => {
    const started = await startTlsRedis();
    if (started === undefined) throw new Error('openssl and redis-server are here, but no TLS redis-server started: is this redis-server built with TLS?');
    server = started;
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('when the server certificate is trusted', () => {
    it('should commit, load and publish over TLS', async () => {
      const options = { url: server.url, tls: { ca: server.ca } };
      const store = new RedisCatalogStore(options);
      const bus = new RedisInvalidationBus(options);
      try {
        const ref = { provider: 'openai', fingerprint: 'fp' };
        expect((await store.commit({ ...ref, fetchedAt: 1, models: [{ id: 'gpt-4o' }] })).accepted).toBe(true);
        expect((await store.load([ref])).entries).toHaveLength(1);
        await bus.publish('1');
      } finally {
        await store.close();
        await bus.close();
      }
    });
  });

  describe('when the server certificate is not trusted', () => {
    it('should refuse the connection with a StoreUnavailableError', async () => {
      const store = new RedisCatalogStore({ url: server.url, commandTimeoutMs: 2000 });
      try {
        await expect(store.generation()).rejects.toThrow(StoreUnavailableError);
        await expect(store.generation()).rejects.toThrow(/certificate/);
      } finally {
        await store.close();
      }
    });
  });
});
