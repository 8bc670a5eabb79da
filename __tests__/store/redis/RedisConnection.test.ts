import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { Secret } from '../../../src/config/Secret.js';
import { ScopedModelsError } from '../../../src/errors/ScopedModelsError.js';
import { StoreUnavailableError } from '../../../src/errors/StoreUnavailableError.js';
import type { CatalogStore, EntryRef } from '../../../src/store/CatalogStore.js';
import { RedisCatalogStore } from '../../../src/store/redis/RedisCatalogStore.js';
import { RedisInvalidationBus } from '../../../src/store/redis/RedisInvalidationBus.js';
import { type AdminClient, deletePrefix, describeRedis, eventually, REDIS_URL, redisAdmin, uniquePrefix } from '../../helpers/redis.js';
import { cleanupAfterEach } from '../../helpers/cleanup.js';
import { resp, startFakeRedis } from '../../helpers/fakeRedis.js';
import { type RedisProxy, startRedisProxy } from '../../helpers/redisProxy.js';

const ref: EntryRef = { provider: 'openai', fingerprint: 'fp-1' };
const TIMEOUT_MS = 300;

/** Every store method, each as a call that must fail while Redis is away. */
function everyCall(store: CatalogStore): [string, () => Promise<unknown>][] {
  return [
    ['now', () => store.now()],
    ['generation', () => store.generation()],
    ['load', () => store.load([ref])],
    ['commit', () => store.commit({ ...ref, fetchedAt: 1, models: [{ id: 'm' }] })],
    ['tryLock', () => store.tryLock(ref, 1000)],
    ['unlock', () => store.unlock(ref, 'token')],
    ['isLocked', () => store.isLocked(ref)],
  ];
}

/** Runs `call` and gives its rejection; fails the test if it resolves. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown }> {
  try {
    await call();
  } catch (error) {
    return { error };
  }
  throw new Error('expected the call to reject');
}

await describeRedis('RedisConnection (through RedisCatalogStore and RedisInvalidationBus)', () => {
  let admin: AdminClient;
  let proxy: RedisProxy;
  let prefix: string;
  let store: RedisCatalogStore;
  let bus: RedisInvalidationBus;
  /** Stores and buses a test opens besides `store` and `bus`. */
  const cleanup = cleanupAfterEach();
  const unhandled: unknown[] = [];
  const record = (error: unknown): void => {
    unhandled.push(error);
  };

  beforeAll(async () => {
    admin = await redisAdmin();
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
  });

  afterAll(() => {
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
    admin.destroy();
  });

  beforeEach(async () => {
    proxy = await startRedisProxy();
    prefix = uniquePrefix();
    const options = { url: proxy.url, prefix, commandTimeoutMs: TIMEOUT_MS, reconnectMaxDelayMs: 50 };
    store = new RedisCatalogStore(options);
    bus = new RedisInvalidationBus(options);
  });

  afterEach(async () => {
    await store.close();
    await bus.close();
    await proxy.close();
    await deletePrefix(admin, prefix);
    expect(unhandled).toEqual([]);
  });

  describe('when Redis refuses connections from the start', () => {
    it('should reject every call with a StoreUnavailableError at once, and recover when Redis returns', async () => {
      await proxy.refuse();
      // A command timeout no loaded machine reaches: the refusal, not the timer, must end each call.
      const options = { url: proxy.url, prefix, commandTimeoutMs: 15_000, reconnectMaxDelayMs: 50 };
      const store = cleanup.closing(new RedisCatalogStore(options));
      const bus = cleanup.closing(new RedisInvalidationBus(options));
      for (const [name, call] of [...everyCall(store), ['publish', () => bus.publish('1')] as const]) {
        const { error } = await failure(call);
        expect([name, error]).toEqual([name, expect.any(StoreUnavailableError)]);
        expect(ScopedModelsError.is(error)).toBe(true);
        expect((error as StoreUnavailableError).code).toBe('store_unavailable');
        expect((error as Error).message).toContain(`redis://127.0.0.1:${proxy.port}`);
        // At once, for the refusal: not by running into the command timeout.
        expect((error as Error).message).not.toMatch(/within \d+ ms/);
      }
      await proxy.accept();
      await eventually(() => store.generation());
      expect(await store.commit({ ...ref, fetchedAt: 5, models: [{ id: 'back' }] })).toMatchObject({ accepted: true });
      await eventually(() => bus.publish('1'));
    });
  });

  describe('when Redis goes away after the connection was up', () => {
    it('should reject every call within the command timeout, and resync when Redis returns', async () => {
      // Warm-up calls retry: the first connection may be slow on a busy machine.
      await eventually(() => store.commit({ ...ref, fetchedAt: 1, models: [{ id: 'before' }] }));
      await eventually(() => bus.publish('1'));
      await proxy.refuse();
      for (const [name, call] of [...everyCall(store), ['publish', () => bus.publish('2')] as const]) {
        const { error } = await failure(call);
        expect([name, error]).toEqual([name, expect.any(StoreUnavailableError)]);
      }
      await proxy.accept();
      const loaded = await eventually(() => store.load([ref]));
      expect(loaded.entries.map((e) => e.models[0]?.id)).toEqual(['before']);
    });
  });

  describe('when the network swallows everything (a black hole)', () => {
    it('should reject every call within the command timeout, and recover when the network heals', async () => {
      await eventually(() => store.generation());
      await eventually(() => bus.publish('1'));
      proxy.blackhole();
      const calls = [...everyCall(store), ['publish', () => bus.publish('2')] as const];
      const failures = await Promise.all(calls.map(([name, call]) => failure(call).then((result) => ({ name, ...result }))));
      for (const { name, error } of failures) {
        expect([name, error]).toEqual([name, expect.any(StoreUnavailableError)]);
        // The command timeout ended it (how long that took is not a test's business).
        expect((error as Error).message).toMatch(/within 300 ms/);
      }
      proxy.heal();
      await eventually(() => store.generation());
      await eventually(() => bus.publish('3'));
    });

    it('should also time out a first connection that never completes', async () => {
      proxy.blackhole();
      const { error } = await failure(() => store.generation());
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/no connection within 300 ms/);
      proxy.heal();
      await eventually(() => store.generation());
    });
  });

  describe('when a call goes unanswered after earlier calls succeeded', () => {
    it('should keep the connection a first call waited for, so a later call times out on its own answer', async () => {
      // The first call waits for the connection; its deadline must not drop that connection later.
      await eventually(() => store.generation());
      proxy.blackhole();
      const { error } = await failure(() => store.generation());
      expect((error as Error).message).toMatch(/\(no answer within 300 ms\)/);
    });

    it('should fail it for the timeout alone, with no other error as its cause', async () => {
      await eventually(() => store.generation());
      expect(await store.isLocked(ref)).toBe(false);
      proxy.blackhole();
      const { error } = await failure(() => store.now());
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/could not read its clock \(no answer within 300 ms\)/);
      expect((error as Error).cause).toBeUndefined();
    });
  });

  describe('when a connection is dropped while idle', () => {
    it('should reconnect by itself', async () => {
      await eventually(() => store.generation());
      proxy.dropConnections();
      expect(await eventually(() => store.generation())).toBe('0');
    });
  });

  describe('when Redis returns while the connection waits out a long backoff', () => {
    it('should succeed on the very next call, without waiting for the backoff', async () => {
      const patient = cleanup.closing(new RedisCatalogStore({ url: proxy.url, prefix, commandTimeoutMs: TIMEOUT_MS, reconnectMaxDelayMs: 60_000 }));
      await eventually(() => patient.generation());
      await proxy.refuse();
      for (let i = 0; i < 5; i++) await expect(patient.generation()).rejects.toThrow(StoreUnavailableError);
      await proxy.accept();
      expect(await patient.generation()).toBe('0');
    });

    it('should not wait for the backoff its client built up while no call was made', async () => {
      const patient = cleanup.closing(new RedisCatalogStore({ url: proxy.url, prefix, commandTimeoutMs: TIMEOUT_MS, reconnectMaxDelayMs: 60_000 }));
      await eventually(() => patient.generation());
      const before = proxy.accepted;
      proxy.hangUp();
      // node-redis retries on its own: at once, then after 100, 200, 400 and 800 ms; the next wait is ~1.6 s.
      await eventually(() => expect(proxy.accepted).toBeGreaterThanOrEqual(before + 5), 10_000);
      await proxy.accept();
      expect(await patient.generation()).toBe('0');
    });
  });

  describe('.close', () => {
    it('should close a connection that is still being opened (regression: node-redis finished opening it)', async () => {
      const opening = cleanup.closing(new RedisCatalogStore({ url: proxy.url, prefix }));
      const call = opening.generation();
      await opening.close();
      await expect(call).rejects.toThrow(StoreUnavailableError);
      await eventually(() => expect(proxy.accepted).toBe(1));
      await eventually(() => expect(proxy.connections).toBe(0));
      expect(proxy.accepted).toBe(1);
    });

    it('should fail a call still waiting for a connection at once, saying the store was closed', async () => {
      proxy.blackhole();
      const waiting = store.generation();
      await eventually(() => expect(proxy.accepted).toBe(1));
      await store.close();
      const { error } = await failure(() => waiting);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      // Not the command timeout running out later ("no connection within 300 ms").
      expect((error as Error).message).toMatch(/could not load the catalog \(the store was closed\)/);
    });

    it('should make later calls reject', async () => {
      await eventually(() => store.generation());
      await store.close();
      await expect(store.generation()).rejects.toThrow(/closed/);
      await bus.close();
      await expect(bus.publish('1')).rejects.toThrow(StoreUnavailableError);
    });

    it('should close a store that never connected', async () => {
      const unused = cleanup.closing(new RedisCatalogStore({ url: proxy.url, prefix }));
      await unused.close();
      await expect(unused.now()).rejects.toThrow(StoreUnavailableError);
    });
  });

  describe('when the URL holds a password', () => {
    const secret = 'hunter2-Secret';

    async function messagesOf(url: string | Secret, only?: string[]): Promise<string[]> {
      const options = { url, prefix, commandTimeoutMs: TIMEOUT_MS, reconnectMaxDelayMs: 50 };
      const guarded = cleanup.closing(new RedisCatalogStore(options));
      const guardedBus = cleanup.closing(new RedisInvalidationBus(options));
      const texts: string[] = [];
      for (const [name, call] of [...everyCall(guarded), ['publish', () => guardedBus.publish('1')] as const]) {
        if (only !== undefined && !only.includes(name)) continue;
        const { error } = await failure(call);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        texts.push((error as Error).message, inspect(error), inspect((error as Error).cause));
      }
      return texts;
    }

    it('should never show it when Redis is unreachable', async () => {
      await proxy.refuse();
      const texts = await messagesOf(`redis://admin:${secret}@127.0.0.1:${proxy.port}/0`);
      expect(texts.join('\n')).not.toContain(secret);
      expect(texts[0]).toContain(`redis://127.0.0.1:${proxy.port}/0`);
    });

    it('should never show it when Redis rejects the password', async () => {
      // The default user accepts any password; a user that does not exist is refused (WRONGPASS).
      const texts = await messagesOf(new Secret(`redis://nobody-here:${secret}@127.0.0.1:6379`));
      expect(texts[0]).toMatch(/WRONGPASS/);
      // Redis's own reply stays chained as the cause, for debugging.
      expect(texts[2]).toMatch(/WRONGPASS/);
      expect(texts.join('\n')).not.toContain(secret);
      expect(texts.join('\n')).not.toContain(encodeURIComponent(secret));
    });

    it('should leave out the cause when the server quotes it in its reply (a server that echoes the command)', async () => {
      const echoing = cleanup.closing(
        await startFakeRedis(([name, ...args]) => (name === 'HELLO' ? resp.error(`WRONGPASS for ${args.join(' ')}`) : undefined)),
      );
      const texts = await messagesOf(`redis://admin:${secret}@127.0.0.1:${echoing.port}`, ['load']);
      expect(texts[0]).toMatch(/WRONGPASS/);
      expect(texts.join('\n')).not.toContain(secret);
      // No cause at all, rather than one set to undefined.
      expect(texts[1]).not.toMatch(/\[cause\]/);
    });

    it('should never show it when Redis black-holes the connection', async () => {
      proxy.blackhole();
      const texts = await messagesOf(`redis://:${encodeURIComponent('p@ss/word')}@127.0.0.1:${proxy.port}`, ['load', 'publish']);
      expect(texts.join('\n')).not.toMatch(/p@ss|p%40ss/);
    });
  });

  describe('when the server answers with an error that has no message', () => {
    it('should name the error by its kind', async () => {
      const terse = cleanup.closing(await startFakeRedis(([name]) => (name === 'EVALSHA' ? resp.error('') : undefined)));
      const silent = cleanup.closing(new RedisCatalogStore({ url: terse.url, prefix, commandTimeoutMs: 5_000 }));
      const { error } = await failure(() => silent.load([ref]));
      expect((error as Error).message).toMatch(/could not load the catalog \(Error\)/);
    });
  });

  describe('when a password is right', () => {
    it('should authenticate with it', async () => {
      const user = `scoped-models-test-${prefix.slice(-8)}`;
      await admin.aclSetUser(user, ['on', '>right-password', '~*', '&*', '+@all']);
      cleanup.defer(() => admin.aclDelUser(user));
      const authed = cleanup.closing(new RedisCatalogStore({ url: `redis://${user}:right-password@127.0.0.1:6379`, prefix }));
      expect(await authed.generation()).toBe('0');
    });
  });

  describe('when the URL is direct', () => {
    it('should work without a proxy in between', async () => {
      const direct = cleanup.closing(new RedisCatalogStore({ url: REDIS_URL, prefix }));
      expect(await direct.isLocked(ref)).toBe(false);
    });
  });
});
