import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Logger } from '../../../src/logging/Logger.js';
import type { EntryRef, StoredEntry } from '../../../src/store/CatalogStore.js';
import { RedisCatalogStore } from '../../../src/store/redis/RedisCatalogStore.js';
import { StoreUnavailableError } from '../../../src/errors/StoreUnavailableError.js';
import { cleanupAfterEach } from '../../helpers/cleanup.js';
import { type FakeRedisAnswer, resp, startFakeRedis } from '../../helpers/fakeRedis.js';
import { type AdminClient, deletePrefix, describeRedis, REDIS_URL, redisAdmin, uniquePrefix } from '../../helpers/redis.js';
import { rejectionOf } from '../../helpers/thrownBy.js';
import { catalogStoreContract } from '../catalogStoreContract.js';

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
  info(): void {}
}

const ref: EntryRef = { provider: 'openai', fingerprint: 'fp-1' };
/** Timeouts are not the subject here (see RedisConnection.test.ts): room for a loaded CI machine. */
const SLOW_MACHINE_MS = 5000;

function entry(fetchedAt: number, ids: string[], at: EntryRef = ref): StoredEntry {
  return { ...at, fetchedAt, models: ids.map((id) => ({ id })) };
}

await describeRedis('RedisCatalogStore', () => {
  let admin: AdminClient;
  const prefixes: string[] = [];

  beforeAll(async () => {
    admin = await redisAdmin();
  });

  afterAll(async () => {
    for (const prefix of prefixes) await deletePrefix(admin, prefix);
    admin.destroy();
  });

  function prefix(): string {
    const fresh = uniquePrefix();
    prefixes.push(fresh);
    return fresh;
  }

  catalogStoreContract('as a CatalogStore', () => {
    const shared = prefix();
    const store = new RedisCatalogStore({ url: REDIS_URL, prefix: shared, commandTimeoutMs: SLOW_MACHINE_MS });
    const peer = new RedisCatalogStore({ url: REDIS_URL, prefix: shared, commandTimeoutMs: SLOW_MACHINE_MS });
    return Promise.resolve({
      store,
      peer,
      // Redis expires keys by its own clock: a real, short wait.
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      dispose: async () => {
        await store.close();
        await peer.close();
      },
    });
  });

  describe('with its own prefix', () => {
    let keyPrefix: string;
    let logger: RecordingLogger;
    let store: RedisCatalogStore;

    beforeEach(() => {
      keyPrefix = prefix();
      logger = new RecordingLogger();
      store = new RedisCatalogStore({ url: REDIS_URL, prefix: keyPrefix, logger, commandTimeoutMs: SLOW_MACHINE_MS });
    });

    /** Stores a test opens besides `store`, closed even when an assertion fails. */
    const opened: RedisCatalogStore[] = [];
    const open = (options: { prefix?: string } = {}): RedisCatalogStore => {
      const made = new RedisCatalogStore({ url: REDIS_URL, prefix: options.prefix ?? keyPrefix, commandTimeoutMs: SLOW_MACHINE_MS });
      opened.push(made);
      return made;
    };

    afterEach(async () => {
      await Promise.all([store, ...opened.splice(0)].map((s) => s.close()));
    });

    const entryKey = (at: EntryRef = ref): string => `${keyPrefix}:entry:${at.provider}@${at.fingerprint}`;

    describe('.constructor', () => {
      it('should not connect until the first call', async () => {
        const lazy = open();
        const named = async (): Promise<number> =>
          (await admin.clientList()).filter((client) => client.name === `${keyPrefix}:store`).length;
        expect(await named()).toBe(0);
        await lazy.generation();
        expect(await named()).toBe(1);
      });
    });

    describe('.now', () => {
      it('should read the Redis server clock', async () => {
        const redisMs = async (): Promise<number> => {
          const [seconds, micros] = await admin.time();
          return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
        };
        const before = await redisMs();
        const now = await store.now();
        const after = await redisMs();
        expect(now).toBeGreaterThanOrEqual(before);
        expect(now).toBeLessThanOrEqual(after);
      });
    });

    describe('.commit', () => {
      it('should write the layout the README describes: a JSON entry and an integer generation', async () => {
        const result = await store.commit(entry(1000, ['gpt-4o']));
        expect(JSON.parse((await admin.get(entryKey())) ?? 'null')).toEqual(entry(1000, ['gpt-4o']));
        expect(await admin.get(`${keyPrefix}:generation`)).toBe(result.generation);
        expect(result.generation).toBe('1');
      });

      it('should not touch another prefix', async () => {
        const other = open({ prefix: prefix() });
        await other.commit(entry(5000, ['elsewhere']));
        expect((await store.load([ref])).entries).toEqual([]);
        expect(await store.generation()).toBe('0');
      });

      describe('when fetchedAt was stamped by a host clock running an hour ahead of Redis', () => {
        it("should cap it at Redis's TIME, in the stored JSON too, so the next list stamped by Redis wins", async () => {
          const redisNow = await store.now();
          const result = await store.commit({ ...entry(redisNow + 3_600_000, ['offline']), stampedLocally: true });
          expect(result.accepted).toBe(true);
          expect(result.entry.fetchedAt).toBeGreaterThanOrEqual(redisNow);
          expect(result.entry.fetchedAt).toBeLessThan(redisNow + 3_600_000);
          expect(result.entry).not.toHaveProperty('stampedLocally');
          expect(JSON.parse((await admin.get(entryKey())) ?? 'null')).toEqual(entry(result.entry.fetchedAt, ['offline']));
          const next = await store.commit(entry((await store.now()) + 1, ['online']));
          expect(next.accepted).toBe(true);
        });
      });

      describe('when fetchedAt was stamped locally, behind Redis', () => {
        it('should keep it as it is', async () => {
          const result = await store.commit({ ...entry(1000, ['offline']), stampedLocally: true });
          expect(result.entry.fetchedAt).toBe(1000);
          expect((await store.load([ref])).entries).toEqual([entry(1000, ['offline'])]);
        });
      });

      describe('when fetchedAt is ahead of Redis but was stamped by Redis', () => {
        it('should keep it as it is', async () => {
          const ahead = (await store.now()) + 3_600_000;
          expect((await store.commit(entry(ahead, ['a']))).entry.fetchedAt).toBe(ahead);
        });
      });

      describe('when commits race', () => {
        it('should keep the newest whatever order they arrive in, and accept each at most once', async () => {
          const stores = Array.from({ length: 5 }, () => open());
          const attempted = stores.map((_s, i) => 1000 + ((i * 3) % 5));
          const results = await Promise.all(stores.map((s, i) => s.commit(entry(attempted[i]!, [`m${i}`]))));
          expect((await store.load([ref])).entries).toEqual([entry(1004, ['m3'])]);
          // A refused commit hands back a stored entry at least as new as the one it tried to write.
          results.forEach((result, i) => {
            if (!result.accepted) expect(result.entry.fetchedAt).toBeGreaterThanOrEqual(attempted[i]!);
          });
          expect(results.find((r) => r.entry.fetchedAt === 1004 && r.accepted)).toBeDefined();
        });
      });
    });

    describe('when stored values are corrupt', () => {
      const corruptEntries: [string, (key: string) => Promise<unknown>][] = [
        ['not JSON', (key) => admin.set(key, '{"provider":"openai",')],
        ['JSON null', (key) => admin.set(key, 'null')],
        ['a JSON array', (key) => admin.set(key, '[1,2,3]')],
        ['models of the wrong shape', (key) => admin.set(key, JSON.stringify({ ...ref, fetchedAt: 9e15, models: [{ name: 'x' }] }))],
        ['a fetchedAt that is not a number', (key) => admin.set(key, JSON.stringify({ ...ref, fetchedAt: 'soon', models: [] }))],
        ['the entry of another provider', (key) => admin.set(key, JSON.stringify({ ...ref, provider: 'other', fetchedAt: 9e15, models: [] }))],
        ['an infinite fetchedAt', (key) => admin.set(key, `{"provider":"openai","fingerprint":"fp-1","fetchedAt":1e999,"models":[]}`)],
        ['a list (wrong key type)', (key) => admin.rPush(key, ['a', 'b'])],
        ['a hash (wrong key type)', (key) => admin.hSet(key, 'fetchedAt', '9')],
      ];

      describe.each(corruptEntries)('when the entry is %s', (_kind, plant) => {
        it('should load as absent, warn once, and be overwritten by the next good commit', async () => {
          await store.commit(entry(1000, ['kept'], { provider: 'anthropic', fingerprint: 'fp-1' }));
          await plant(entryKey());
          const loaded = await store.load([ref, { provider: 'anthropic', fingerprint: 'fp-1' }]);
          expect(loaded.entries).toEqual([entry(1000, ['kept'], { provider: 'anthropic', fingerprint: 'fp-1' })]);
          await store.load([ref]);
          expect(logger.warnings).toHaveLength(1);
          expect(logger.warnings[0]).toContain(entryKey());

          const before = await store.generation();
          const result = await store.commit(entry(10, ['fresh']));
          expect(result.accepted).toBe(true);
          expect(result.generation).not.toBe(before);
          expect((await store.load([ref])).entries).toEqual([entry(10, ['fresh'])]);
        });
      });

      const corruptCounters: [string, (key: string) => Promise<unknown>][] = [
        ['not an integer', (key) => admin.set(key, 'banana')],
        ['a decimal', (key) => admin.set(key, '1.5')],
        ['too large to increment', (key) => admin.set(key, '9223372036854775807')],
        ['a list (wrong key type)', (key) => admin.rPush(key, ['1'])],
        ['a set (wrong key type)', (key) => admin.sAdd(key, '1')],
      ];

      describe.each(corruptCounters)('when the generation counter is %s', (_kind, plant) => {
        it('should read as changed, keep entries readable, and be replaced by the next commit', async () => {
          await store.commit(entry(1000, ['gpt-4o']));
          const good = await store.generation();
          await admin.del(`${keyPrefix}:generation`);
          await plant(`${keyPrefix}:generation`);

          const corrupt = await store.generation();
          expect(corrupt).not.toBe(good);
          expect(await store.generation()).toBe(corrupt);
          const loaded = await store.load([ref]);
          expect(loaded).toEqual({ generation: corrupt, entries: [entry(1000, ['gpt-4o'])] });
          expect(logger.warnings.filter((w) => w.includes(':generation'))).toHaveLength(1);

          const refused = await store.commit(entry(500, ['older']));
          expect(refused).toEqual({ accepted: false, entry: entry(1000, ['gpt-4o']), generation: corrupt });

          const result = await store.commit(entry(2000, ['gpt-4o', 'o3']));
          expect(result.accepted).toBe(true);
          expect(result.generation).not.toBe(corrupt);
          expect(result.generation).not.toBe(good);
          expect(result.generation).toMatch(/^\d+$/);
          expect(await store.generation()).toBe(result.generation);
          const next = await store.commit(entry(3000, ['o4']));
          expect(BigInt(next.generation)).toBe(BigInt(result.generation) + 1n);
        });
      });

      describe('when a lock key holds debris', () => {
        it.each([
          ['a string without expiry', (key: string) => admin.set(key, 'left-behind')],
          ['a list', (key: string) => admin.rPush(key, 'x')],
        ])('should treat %s as free and take it', async (_kind, plant) => {
          const lockKey = `${keyPrefix}:lock:${ref.provider}@${ref.fingerprint}`;
          await plant(lockKey);
          expect(await store.isLocked(ref)).toBe(false);
          await plant(lockKey);
          const token = await store.tryLock(ref, 10_000);
          expect(token).toBeDefined();
          expect(await admin.get(lockKey)).toBe(token);
          expect(await admin.pTTL(lockKey)).toBeGreaterThan(9_000);
          await store.unlock(ref, token!);
          expect(await admin.exists(lockKey)).toBe(0);
        });
      });

      describe('when the unreadable entry is replaced between two commits', () => {
        it('should still refuse an older commit against a readable newer entry', async () => {
          await admin.set(entryKey(), JSON.stringify({ ...ref, fetchedAt: 9e15, models: [{ name: 'x' }] }));
          await store.commit(entry(100, ['first']));
          const result = await store.commit(entry(50, ['older']));
          expect(result).toMatchObject({ accepted: false, entry: entry(100, ['first']) });
        });
      });
    });

    describe('.unlock', () => {
      describe('when the lock key holds another type', () => {
        it('should leave it alone', async () => {
          const lockKey = `${keyPrefix}:lock:${ref.provider}@${ref.fingerprint}`;
          await admin.rPush(lockKey, 'x');
          await store.unlock(ref, 'x');
          expect(await admin.type(lockKey)).toBe('list');
        });
      });
    });

    describe('.tryLock', () => {
      it('should set an expiry no shorter than asked, rounding fractions up', async () => {
        await store.tryLock(ref, 1500.2);
        const ttl = await admin.pTTL(`${keyPrefix}:lock:${ref.provider}@${ref.fingerprint}`);
        expect(ttl).toBeGreaterThan(1400);
        expect(ttl).toBeLessThanOrEqual(1501);
      });
    });

    describe('when the script cache is flushed', () => {
      it('should load its scripts again', async () => {
        await store.commit(entry(1, ['a']));
        await admin.scriptFlush();
        expect((await store.commit(entry(2, ['b']))).accepted).toBe(true);
        expect((await store.load([ref])).entries).toEqual([entry(2, ['b'])]);
      });
    });

    describe('.load', () => {
      it('should load an entry never written as absent, without a warning', async () => {
        expect(await store.load([ref])).toEqual({ generation: expect.any(String), entries: [] });
        expect(logger.warnings).toEqual([]);
      });

      it('should ignore an entry stored under its key for another fingerprint', async () => {
        await admin.set(entryKey(), JSON.stringify({ ...ref, fingerprint: 'fp-2', fetchedAt: 1, models: [] }));
        expect((await store.load([ref])).entries).toEqual([]);
        expect(logger.warnings).toEqual([expect.stringContaining(entryKey())]);
      });
    });

    describe('when the generation counter turns corrupt again after a commit replaced it', () => {
      it('should warn again', async () => {
        await admin.set(`${keyPrefix}:generation`, 'banana');
        await store.generation();
        await store.commit(entry(1, ['a']));
        await admin.set(`${keyPrefix}:generation`, 'banana');
        await store.generation();
        expect(logger.warnings.filter((w) => w.includes(':generation'))).toHaveLength(2);
      });
    });

    describe('once closed', () => {
      it.each([
        ['read its clock', () => store.now()],
        ['load the catalog', () => store.load([ref])],
        ['commit an entry', () => store.commit(entry(1, ['a']))],
        ['take a lock', () => store.tryLock(ref, 1000)],
        ['release a lock', () => store.unlock(ref, 'token')],
        ['check a lock', () => store.isLocked(ref)],
      ])('should refuse to %s, naming that operation', async (what, call) => {
        await store.close();
        await expect(call()).rejects.toThrow(`it cannot ${what} any more`);
      });
    });
  });

  describe('against a server that answers its scripts otherwise than Redis does', () => {
    const cleanup = cleanupAfterEach();
    const keyPrefix = 'scoped-models-test:fake';

    async function storeAnswering(answer: FakeRedisAnswer): Promise<{ store: RedisCatalogStore; logger: RecordingLogger }> {
      const fake = cleanup.closing(await startFakeRedis(answer));
      const logger = new RecordingLogger();
      return { store: cleanup.closing(new RedisCatalogStore({ url: fake.url, prefix: keyPrefix, logger, commandTimeoutMs: SLOW_MACHINE_MS })), logger };
    }

    const scripts = ([name]: readonly string[], reply: string): string | undefined => (name === 'EVALSHA' ? reply : undefined);

    it('should refuse a load answered with something else than an array, naming the script and the Redis version it needs', async () => {
      const { store } = await storeAnswering((command) => scripts(command, resp.integer(1)));
      const error = await rejectionOf(store.load([ref]));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toBe('Redis answered the load script with an unexpected reply; check that the server runs Redis 6.2 or later');
    });

    it('should refuse a commit answered with something else than an array, naming the script', async () => {
      const { store } = await storeAnswering((command) => scripts(command, resp.bulk('OK')));
      const error = await rejectionOf(store.commit(entry(1, ['a'])));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/^Redis answered the commit script with an unexpected reply/);
    });

    describe('when another writer puts an unreadable entry back before each of its attempts', () => {
      it('should give up after three attempts, naming the key to delete', async () => {
        let attempts = 0;
        const { store, logger } = await storeAnswering((command) => {
          if (command[0] !== 'EVALSHA') return undefined;
          attempts++;
          // A fourth attempt would find the key free and be accepted.
          if (attempts > 3) return resp.array(resp.integer(1), resp.bulk('{}'), resp.bulk('8'), resp.bulk(''), resp.integer(1));
          return resp.array(resp.integer(0), resp.bulk('not json'), resp.bulk('7'), resp.bulk(`sha-${attempts}`));
        });
        const error = await rejectionOf(store.commit(entry(1, ['a'])));
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).toBe(`Redis kept an unreadable entry for openai under ${keyPrefix}:entry:openai@fp-1; delete that key`);
        expect(logger.warnings).toEqual([expect.stringContaining('ignoring the unreadable value')]);
      });
    });
  });
});
