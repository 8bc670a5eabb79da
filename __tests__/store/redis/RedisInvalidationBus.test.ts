import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Logger } from '../../../src/logging/Logger.js';
import type { InvalidationListener } from '../../../src/store/CatalogStore.js';
import { RedisInvalidationBus } from '../../../src/store/redis/RedisInvalidationBus.js';
import { Deferred } from '../../helpers/Deferred.js';
import { type AdminClient, describeRedis, eventually, killClients, REDIS_URL, redisAdmin, uniquePrefix } from '../../helpers/redis.js';
import { type RedisProxy, startRedisProxy } from '../../helpers/redisProxy.js';

/** Records what a bus hands its listener, and lets a test wait for the next of each. */
class RecordingListener implements InvalidationListener {
  readonly generations: string[] = [];
  reconnects = 0;
  #nextGeneration = new Deferred<string>();
  #nextReconnect = new Deferred<number>();

  onGeneration(generation: string): void {
    this.generations.push(generation);
    this.#nextGeneration.resolve(generation);
    this.#nextGeneration = new Deferred();
  }

  onReconnect(): void {
    this.reconnects++;
    this.#nextReconnect.resolve(this.reconnects);
    this.#nextReconnect = new Deferred();
  }

  nextGeneration(): Promise<string> {
    return this.#nextGeneration.promise;
  }

  nextReconnect(): Promise<number> {
    return this.#nextReconnect.promise;
  }
}

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
  info(): void {}
}

await describeRedis('RedisInvalidationBus', () => {
  let admin: AdminClient;
  let prefix: string;
  let buses: RedisInvalidationBus[];

  function bus(url = REDIS_URL, logger?: Logger): RedisInvalidationBus {
    const made = new RedisInvalidationBus({ url, prefix, commandTimeoutMs: 5000, reconnectMaxDelayMs: 50, logger });
    buses.push(made);
    return made;
  }

  /** A listening bus whose subscription is confirmed (its first onReconnect has run). */
  async function listening(url = REDIS_URL): Promise<{ bus: RedisInvalidationBus; listener: RecordingListener }> {
    const made = bus(url);
    const listener = new RecordingListener();
    const subscribed = listener.nextReconnect();
    made.listen(listener);
    await subscribed;
    return { bus: made, listener };
  }

  beforeAll(async () => {
    admin = await redisAdmin();
  });

  afterAll(() => {
    admin.destroy();
  });

  beforeEach(() => {
    prefix = uniquePrefix();
    buses = [];
  });

  afterEach(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  describe('.listen', () => {
    it('should call onReconnect once the subscription is confirmed, before any message', async () => {
      const { listener } = await listening();
      expect(listener.reconnects).toBe(1);
      expect(listener.generations).toEqual([]);
    });

    it('should not connect until asked to', async () => {
      bus();
      const names = new Set([`${prefix}:subscriber`, `${prefix}:publisher`]);
      expect((await admin.clientList()).filter((c) => names.has(c.name))).toEqual([]);
    });

    it('should open its publisher too, so that the first announcement does not wait for a connection', async () => {
      await listening();
      await eventually(async () => expect((await admin.clientList()).map((c) => c.name)).toContain(`${prefix}:publisher`));
    });

    describe('when another instance publishes', () => {
      it('should hand every listening instance the generation, the publisher included', async () => {
        const a = await listening();
        const b = await listening();
        const heardByA = a.listener.nextGeneration();
        const heardByB = b.listener.nextGeneration();
        await bus().publish('42');
        expect(await heardByA).toBe('42');
        expect(await heardByB).toBe('42');
        const own = a.listener.nextGeneration();
        await a.bus.publish('43');
        expect(await own).toBe('43');
      });

      it('should hear nothing published under another prefix', async () => {
        const { listener } = await listening();
        const other = new RedisInvalidationBus({ url: REDIS_URL, prefix: uniquePrefix() });
        buses.push(other);
        await other.publish('7');
        const heard = listener.nextGeneration();
        await bus().publish('8');
        expect(await heard).toBe('8');
        expect(listener.generations).toEqual(['8']);
      });
    });

    describe('when a message is not a generation', () => {
      it('should ignore it', async () => {
        const { listener } = await listening();
        await admin.publish(`${prefix}:changes`, '');
        await admin.publish(`${prefix}:changes`, 'x'.repeat(10_000));
        const heard = listener.nextGeneration();
        await admin.publish(`${prefix}:changes`, '9');
        expect(await heard).toBe('9');
        expect(listener.generations).toEqual(['9']);
      });
    });

    describe('when a generation is as long as a message may be (200 characters)', () => {
      it('should hand it on', async () => {
        const { listener } = await listening();
        const heard = listener.nextGeneration();
        await admin.publish(`${prefix}:changes`, '7'.repeat(200));
        expect(await heard).toBe('7'.repeat(200));
      });
    });

    describe('when called again', () => {
      it('should hand later messages to the new listener only, on the same connection', async () => {
        const { bus: listeningBus, listener: first } = await listening();
        const second = new RecordingListener();
        listeningBus.listen(second);
        const heard = second.nextGeneration();
        await admin.publish(`${prefix}:changes`, '5');
        expect(await heard).toBe('5');
        expect(first.generations).toEqual([]);
        expect((await admin.clientList()).filter((c) => c.name === `${prefix}:subscriber`)).toHaveLength(1);
      });
    });

    describe('when the listener throws', () => {
      it('should report it and keep listening', async () => {
        const logger = new RecordingLogger();
        const throwing = bus(REDIS_URL, logger);
        const listener = new RecordingListener();
        const subscribed = listener.nextReconnect();
        let calls = 0;
        throwing.listen({
          onGeneration: (generation) => {
            calls++;
            if (calls === 1) throw new Error('listener broke');
            listener.onGeneration(generation);
          },
          onReconnect: () => listener.onReconnect(),
        });
        await subscribed;
        await admin.publish(`${prefix}:changes`, '1');
        const heard = listener.nextGeneration();
        await admin.publish(`${prefix}:changes`, '2');
        expect(await heard).toBe('2');
        expect(logger.warnings).toEqual(['an invalidation listener failed: listener broke']);
      });
    });

    describe('when the subscriber connection is killed (CLIENT KILL)', () => {
      it('should resubscribe, call onReconnect again, and hear later messages', async () => {
        const { listener } = await listening();
        const reconnected = listener.nextReconnect();
        expect(await killClients(admin, `${prefix}:subscriber`)).toBe(1);
        expect(await reconnected).toBe(2);
        const heard = listener.nextGeneration();
        await admin.publish(`${prefix}:changes`, '11');
        expect(await heard).toBe('11');
        // Once: node-redis resubscribed by itself; a second subscription would hand each message on twice.
        expect(listener.generations).toEqual(['11']);
      });
    });

    describe('when Redis is unreachable at first', () => {
      it('should subscribe once it comes, then call onReconnect', async () => {
        const proxy = await startRedisProxy();
        try {
          await proxy.refuse();
          const late = bus(proxy.url);
          const listener = new RecordingListener();
          const subscribed = listener.nextReconnect();
          late.listen(listener);
          await proxy.accept();
          expect(await subscribed).toBe(1);
          const heard = listener.nextGeneration();
          await admin.publish(`${prefix}:changes`, '3');
          expect(await heard).toBe('3');
        } finally {
          await proxy.close();
        }
      });
    });

    describe('when the connection drops before Redis confirms the subscription', () => {
      it('should subscribe again once reconnected, and call onReconnect only then', async () => {
        const proxy = await startRedisProxy();
        try {
          proxy.dropOnCommand('SUBSCRIBE');
          const { listener } = await listening(proxy.url);
          const heard = listener.nextGeneration();
          await admin.publish(`${prefix}:changes`, '12');
          expect(await heard).toBe('12');
          expect(listener.reconnects).toBe(1);
        } finally {
          await proxy.close();
        }
      });
    });

    describe('when the connection drops repeatedly', () => {
      it('should call onReconnect after each reconnection', async () => {
        const proxy: RedisProxy = await startRedisProxy();
        try {
          const { listener } = await listening(proxy.url);
          for (const expected of [2, 3]) {
            const reconnected = listener.nextReconnect();
            proxy.dropConnections();
            expect(await reconnected).toBe(expected);
          }
        } finally {
          await proxy.close();
        }
      });
    });
  });

  describe('.close', () => {
    it('should make a later publish reject, naming what it could not do', async () => {
      const { bus: closing } = await listening();
      await closing.close();
      await expect(closing.publish('1')).rejects.toThrow('it cannot announce a new generation any more');
    });

    it('should stop listening and close both connections', async () => {
      const { bus: closing, listener } = await listening();
      const own = listener.nextGeneration();
      await closing.publish('1');
      expect(await own).toBe('1');
      await closing.close();
      const names = new Set([`${prefix}:subscriber`, `${prefix}:publisher`]);
      // CLIENT LIST sees a closed connection go once the server has read the close.
      for (let i = 0; i < 100 && (await admin.clientList()).some((c) => names.has(c.name)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect((await admin.clientList()).filter((c) => names.has(c.name))).toEqual([]);
      closing.listen(listener);
      expect((await admin.clientList()).filter((c) => names.has(c.name))).toEqual([]);
      // A message that certainly went out (a witness heard it) does not reach the closed bus.
      const witness = await listening();
      const heard = witness.listener.nextGeneration();
      await bus().publish('2');
      expect(await heard).toBe('2');
      expect(listener.generations).toEqual(['1']);
      // The listen() after close() opened nothing: the witness's subscriber is the only one.
      expect((await admin.clientList()).filter((c) => c.name === `${prefix}:subscriber`)).toHaveLength(1);
      expect(listener.reconnects).toBe(1);
    });
  });
});
