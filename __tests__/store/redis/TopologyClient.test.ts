import { describe, expect, it, jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { TopologyClient } from '../../../src/store/redis/TopologyClient.js';

/** Stands in for a node-redis cluster client whose connect() fails until told otherwise. */
class FakeInner extends EventEmitter {
  destroyed = false;
  constructor(readonly reachable: boolean) {
    super();
  }
  get isReady(): boolean {
    return this.reachable && !this.destroyed;
  }
  connect(): Promise<unknown> {
    return this.reachable ? Promise.resolve(this) : Promise.reject(new Error('Connection refused'));
  }
  destroy(): void {
    if (this.destroyed) throw new Error('The client is closed');
    this.destroyed = true;
  }
}

/** The inner clients a TopologyClient makes, in order; the first `failures` of them cannot connect. */
function innerClients(failures: number): { made: FakeInner[]; create: () => FakeInner } {
  const made: FakeInner[] = [];
  const create = (): FakeInner => {
    const inner = new FakeInner(made.length >= failures);
    made.push(inner);
    return inner;
  };
  return { made, create };
}

describe(TopologyClient, () => {
  describe('.connect', () => {
    it('should retry with a fresh client after a failed attempt, report each failure, and be ready once one connects', async () => {
      const { made, create } = innerClients(2);
      const client = new TopologyClient(create, 10);
      const errors: unknown[] = [];
      client.on('error', (error) => errors.push(error));
      const ready = new Promise((resolve) => client.once('ready', resolve));
      try {
        await client.connect();
        await ready;
        expect(made).toHaveLength(3);
        expect(made.map((inner) => inner.destroyed)).toEqual([true, true, false]);
        expect(errors).toHaveLength(2);
        expect(client.isReady).toBe(true);
      } finally {
        client.destroy();
      }
      expect(client.isReady).toBe(false);
    });

    it('should close the connections a connect still in flight opens after destroy(), as node-redis cluster discovery does', async () => {
      // node-redis 6.3 connects to the nodes it discovered even when destroy() ran while it asked for the topology.
      let finishDiscovery: () => void = () => {};
      const late = new (class extends FakeInner {
        open = false;
        override connect(): Promise<unknown> {
          return new Promise((resolve) => {
            finishDiscovery = () => {
              this.open = true;
              resolve(this);
            };
          });
        }
        override destroy(): void {
          this.open = false;
        }
      })(true);
      const client = new TopologyClient(() => late, 10);
      const connecting = client.connect();
      client.destroy();
      finishDiscovery();
      await expect(connecting).rejects.toThrow(/closed/);
      expect(late.open).toBe(false);
      expect(client.isReady).toBe(false);
    });

    it('should tell each inner client it creates when it has been destroyed', () => {
      const tests: (() => boolean)[] = [];
      const client = new TopologyClient((destroyed) => {
        tests.push(destroyed);
        return new FakeInner(true);
      }, 10);
      expect(tests.map((destroyed) => destroyed())).toEqual([false]);
      client.destroy();
      expect(tests.map((destroyed) => destroyed())).toEqual([true]);
    });

    it('should stop trying once destroyed', async () => {
      const { made, create } = innerClients(Infinity);
      const client = new TopologyClient(create, 10);
      client.on('error', () => {});
      const connecting = client.connect();
      client.destroy();
      // The attempt under way fails for its own reason, and no other is made.
      await expect(connecting).rejects.toThrow('Connection refused');
      expect(made).toHaveLength(1);
    });

    it('should reject saying it was closed when destroyed while it waits to try again', async () => {
      const { made, create } = innerClients(Infinity);
      const client = new TopologyClient(create, 10);
      // Each failed attempt is reported before the wait: destroy it then.
      client.on('error', () => client.destroy());
      await expect(client.connect()).rejects.toThrow('the Redis client was closed');
      expect(made[0]?.destroyed).toBe(true);
    });

    it('should reject at once when called after destroy()', async () => {
      const inner = new FakeInner(true);
      const client = new TopologyClient(() => inner, 10);
      client.destroy();
      await expect(client.connect()).rejects.toThrow('the Redis client was closed');
    });

    it('should wait longer after each failed attempt: 50 ms, then 100 ms', async () => {
      jest.useFakeTimers();
      // The middle of the ±20 % jitter, so that the waits are exact.
      const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const { made, create } = innerClients(Infinity);
      const client = new TopologyClient(create, 10_000);
      client.on('error', () => {});
      try {
        const connecting = client.connect().catch((error: unknown) => error);
        await jest.advanceTimersByTimeAsync(49);
        expect(made).toHaveLength(1);
        await jest.advanceTimersByTimeAsync(1);
        expect(made).toHaveLength(2);
        await jest.advanceTimersByTimeAsync(99);
        expect(made).toHaveLength(2);
        await jest.advanceTimersByTimeAsync(1);
        expect(made).toHaveLength(3);
        client.destroy();
        await jest.runAllTimersAsync();
        await connecting;
      } finally {
        client.destroy();
        random.mockRestore();
        jest.useRealTimers();
      }
    });

    it('should not be ready before connect() has succeeded, whatever its inner client says', async () => {
      const client = new TopologyClient(() => new FakeInner(true), 10);
      try {
        expect(client.isReady).toBe(false);
        await client.connect();
        expect(client.isReady).toBe(true);
      } finally {
        client.destroy();
      }
    });
  });

  describe("its inner clients' errors", () => {
    it('should pass on those of the current inner client, not those of one it replaced', async () => {
      const { made, create } = innerClients(1);
      const client = new TopologyClient(create, 10);
      const errors: string[] = [];
      client.on('error', (error: Error) => errors.push(error.message));
      try {
        await client.connect();
        made[0]?.emit('error', new Error('from the replaced client'));
        made[1]?.emit('error', new Error('node 10.0.0.2:7001 is down'));
        expect(errors).toEqual(['Connection refused', 'node 10.0.0.2:7001 is down']);
      } finally {
        client.destroy();
      }
    });
  });
});
