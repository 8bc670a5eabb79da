import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import { providerFingerprint } from '../../src/manager/fingerprint.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelsChange } from '../../src/manager/types.js';
import type { ModelProvider } from '../../src/providers/ModelProvider.js';
import type { CatalogStore, InvalidationBus } from '../../src/store/CatalogStore.js';
import { RedisCatalogStore } from '../../src/store/redis/RedisCatalogStore.js';
import { RedisInvalidationBus } from '../../src/store/redis/RedisInvalidationBus.js';
import { systemClock, type Clock } from '../../src/time/Clock.js';
import { ControlledProvider, ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { ToggleStore } from '../helpers/ToggleStore.js';
import { type AdminClient, deletePrefix, describeRedis, eventually, REDIS_URL, redisAdmin, uniquePrefix } from '../helpers/redis.js';

/**
 * The manager's cross-instance logic (CatalogSync, SharedFetch) on the real redis-server:
 * interleavings that an in-process fake could get right by accident.
 */

/** Timeouts are not the subject: room for a loaded machine. */
const COMMAND_TIMEOUT_MS = 5_000;
const POLL_MS = 1_000;

await describeRedis('ProviderManager sharing a catalog through the real Redis', () => {
  let admin: AdminClient;
  const prefixes: string[] = [];
  const managers: ProviderManager[] = [];

  beforeAll(async () => {
    admin = await redisAdmin();
  });

  afterEach(async () => {
    await Promise.all(managers.splice(0).map((manager) => manager.close()));
  });

  afterAll(async () => {
    for (const prefix of prefixes) await deletePrefix(admin, prefix);
    admin.destroy();
  });

  function freshPrefix(): string {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    return prefix;
  }

  function store(prefix: string): RedisCatalogStore {
    return new RedisCatalogStore({ url: REDIS_URL, prefix, commandTimeoutMs: COMMAND_TIMEOUT_MS });
  }

  function instance(options: {
    prefix: string;
    providers: ModelProvider[];
    clock?: Clock;
    bus?: boolean;
    timeoutMs?: number;
    /** Instead of a plain Redis store of `prefix`. */
    store?: CatalogStore;
  }): ProviderManager {
    const bus: InvalidationBus | undefined =
      options.bus === true ? new RedisInvalidationBus({ url: REDIS_URL, prefix: options.prefix, commandTimeoutMs: COMMAND_TIMEOUT_MS }) : undefined;
    const manager = new ProviderManager(
      parseConfig({ store: { type: 'redis', pollMs: POLL_MS }, discovery: { timeoutMs: options.timeoutMs ?? 10_000 } }),
      new NullSentinelModelCache(),
      options.providers,
      options.clock ?? systemClock,
      undefined,
      options.store ?? store(options.prefix),
      bus,
    );
    managers.push(manager);
    return manager;
  }

  describe('when another instance commits between our last load and our own commit', () => {
    it("should not skip its commit: the generation poll still adopts the other instance's list", async () => {
      const prefix = freshPrefix();
      // No bus and a clock only the test moves: nothing but the poll can tell A about B's commit.
      const clockA = new ManualClock();
      const a = instance({ prefix, clock: clockA, providers: [new ListProvider('p', ['from-a']), new ListProvider('q', ['never-asked'])] });
      const b = instance({ prefix, providers: [new ListProvider('p', ['never-asked']), new ListProvider('q', ['from-b'])] });
      await Promise.all([a.ready(), b.ready()]);

      await b.discoverModels(['q']); // generation 1, unseen by A
      await a.discoverModels(['p']); // generation 2: A's own commit is not the one after what it loaded
      expect(a.validScopedModels()).toEqual(['p/from-a']);

      clockA.advance(POLL_MS);
      await eventually(() => expect(a.validScopedModels()).toEqual(['p/from-a', 'q/from-b']));
    });
  });

  describe('when a list was fetched while Redis was down, by a host clock an hour ahead', () => {
    it("should write it once Redis is back, with fetchedAt capped at Redis's TIME", async () => {
      const prefix = freshPrefix();
      const clock = new ManualClock(Date.now() + 3_600_000);
      const toggle = new ToggleStore(store(prefix));
      const manager = instance({ prefix, clock, providers: [new ListProvider('p', ['offline'])], store: toggle });
      await manager.ready();
      toggle.down = true;
      await manager.discoverModels();
      toggle.down = false;

      clock.advance(POLL_MS);
      const ref = { provider: 'p', fingerprint: providerFingerprint('p', undefined) };
      const reader = store(prefix);
      try {
        await eventually(async () => expect((await reader.load([ref])).entries[0]?.models).toEqual([{ id: 'offline' }]));
        const [seconds] = await admin.time();
        expect((await reader.load([ref])).entries[0]?.fetchedAt).toBeLessThanOrEqual(Number(seconds) * 1000 + 1000);
      } finally {
        await reader.close();
      }
    });
  });

  describe('when every message reaches the bus', () => {
    it('should tell onChange listeners about a list adopted from another instance', async () => {
      const prefix = freshPrefix();
      const a = instance({ prefix, bus: true, providers: [new ListProvider('p', ['x', 'y'])] });
      const b = instance({ prefix, bus: true, providers: [new ListProvider('p', ['never-asked'])] });
      await Promise.all([a.ready(), b.ready()]);
      const changes: ModelsChange[] = [];
      b.onChange((change) => {
        changes.push(change);
      });

      await a.discoverModels();

      await eventually(() => expect(changes).toEqual([{ added: ['p/x', 'p/y'], removed: [], generation: 1 }]));
      expect(b.validScopedModels()).toEqual(['p/x', 'p/y']);
    });
  });

  describe('when the bus is not used at all', () => {
    it('should converge through the generation poll alone', async () => {
      const prefix = freshPrefix();
      const clockB = new ManualClock();
      const a = instance({ prefix, providers: [new ListProvider('p', ['new'])] });
      const b = instance({ prefix, clock: clockB, providers: [new ListProvider('p', ['never-asked'])] });
      await Promise.all([a.ready(), b.ready()]);
      await a.discoverModels();
      expect(b.validScopedModels()).toEqual([]);

      clockB.advance(POLL_MS);
      await eventually(() => expect(b.validScopedModels()).toEqual(['p/new']));
    });
  });

  describe('.close', () => {
    it('should close its store and bus connections', async () => {
      const prefix = freshPrefix();
      const manager = instance({ prefix, bus: true, providers: [new ListProvider('p', ['x'])] });
      await manager.ready();
      await manager.discoverModels();
      // The connections name themselves after the prefix (CLIENT SETNAME): the server's own list of them.
      const open = async (): Promise<string[]> =>
        (await admin.clientList())
          .map((client) => client.name)
          .filter((name) => name.startsWith(`${prefix}:`))
          .sort();
      await eventually(async () => expect(await open()).toEqual([`${prefix}:publisher`, `${prefix}:store`, `${prefix}:subscriber`]));

      await manager.close();

      // CLIENT LIST sees a connection go once the server has read its close.
      await eventually(async () => expect(await open()).toEqual([]));
    });
  });

  describe("when the holder of a provider's fetch lock died without releasing it", () => {
    it('should take over once the lock expires and fetch itself', async () => {
      const prefix = freshPrefix();
      const ref = { provider: 'p', fingerprint: providerFingerprint('p', undefined) };
      const dead = store(prefix);
      try {
        expect(await dead.tryLock(ref, 300)).toEqual(expect.any(String));
      } finally {
        await dead.close();
      }
      const provider = new ListProvider('p', ['mine']);
      const waiter = instance({ prefix, providers: [provider] });
      await waiter.ready();

      const report = await waiter.discoverModels();

      expect(report.providers[0]).toMatchObject({ status: 'ok', added: ['p/mine'] });
      expect(provider.calls).toBe(1);
    });
  });

  describe('when the holder fails and the stored list is the one the waiter already has', () => {
    it('should fetch itself rather than adopt a list no newer than its own', async () => {
      const prefix = freshPrefix();
      const holder = new ControlledProvider('p');
      const mine = new ListProvider('p', ['old']);
      const a = instance({ prefix, providers: [holder] });
      const b = instance({ prefix, providers: [mine] });
      await Promise.all([a.ready(), b.ready()]);
      await b.discoverModels(); // stored and held by B: p/old
      await eventually(() => expect(a.validScopedModels()).toEqual(['p/old']));

      const first = a.discoverModels();
      await eventually(() => expect(holder.calls).toHaveLength(1));
      mine.models = ['new'];
      const second = b.discoverModels();
      holder.fail(new Error('upstream down'));
      const [, reportB] = await Promise.all([first, second]);

      expect(reportB.providers[0]).toMatchObject({ status: 'ok', added: ['p/new'], removed: ['p/old'] });
      expect(b.validScopedModels()).toEqual(['p/new']);
    });
  });
});
