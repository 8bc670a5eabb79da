import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import type { Logger } from '../../src/logging/Logger.js';
import { providerFingerprint } from '../../src/manager/fingerprint.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelProvider } from '../../src/providers/ModelProvider.js';
import type { CatalogStore, EntryRef, InvalidationBus, StoredEntry } from '../../src/store/CatalogStore.js';
import { MemoryCatalogStore } from '../../src/store/MemoryCatalogStore.js';
import { systemClock, type Clock } from '../../src/time/Clock.js';
import { ControlledProvider, flush, ListProvider } from '../helpers/ControlledProvider.js';
import { Deferred } from '../helpers/Deferred.js';
import { LocalBusHub } from '../helpers/LocalBusHub.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { ToggleStore } from '../helpers/ToggleStore.js';

/** A memory store that says it is shared, so managers poll its generation as they would Redis. */
class SharedMemoryStore extends MemoryCatalogStore {
  override readonly shared = true;
}

/**
 * A shared memory store whose next `load`, `generation` or `now` answers only when the test lets
 * it; it counts the calls made after `close()`, which a Redis store would refuse.
 */
class HoldingStore extends SharedMemoryStore {
  readonly #holds = new Map<HeldCall, Deferred<void>>();
  #closed = false;
  callsAfterClose = 0;

  /** Holds the next call of `method` after it has read the store; resolve the result to let it answer. */
  hold(method: HeldCall): Deferred<void> {
    const release = new Deferred<void>();
    this.#holds.set(method, release);
    return release;
  }

  override async load(refs: readonly EntryRef[]): Promise<{ generation: string; entries: StoredEntry[] }> {
    return this.#answer('load', () => super.load(refs));
  }

  override async generation(): Promise<string> {
    return this.#answer('generation', () => super.generation());
  }

  override async now(): Promise<number> {
    return this.#answer('now', () => super.now());
  }

  override close(): Promise<void> {
    this.#closed = true;
    return super.close();
  }

  async #answer<T>(method: HeldCall, read: () => Promise<T>): Promise<T> {
    if (this.#closed) this.callsAfterClose++;
    const result = await read();
    const held = this.#holds.get(method);
    this.#holds.delete(method);
    await held?.promise;
    return result;
  }
}

type HeldCall = 'load' | 'generation' | 'now';

/** A shared memory store whose unlock takes a round trip, as Redis's does; it records the order of unlock and close. */
class RoundTripStore extends SharedMemoryStore {
  readonly order: string[] = [];
  /** Runs as an unlock starts, before its round trip. */
  onUnlock: (() => void) | undefined;

  override async unlock(ref: EntryRef, token: string): Promise<void> {
    this.onUnlock?.();
    await new Promise((resolve) => setImmediate(resolve));
    this.order.push('unlock');
    return super.unlock(ref, token);
  }

  override close(): Promise<void> {
    this.order.push('close');
    return super.close();
  }
}

/** Where provider `p` (no config of its own) keeps its list in a store. */
const P_REF = { provider: 'p', fingerprint: providerFingerprint('p', undefined) };

class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
}

const managers: ProviderManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

function instance(options: {
  providers: ModelProvider[];
  store: CatalogStore;
  bus?: InvalidationBus;
  clock?: Clock;
  logger?: Logger;
  config?: ScopedModelsConfigInput;
}): ProviderManager {
  const manager = new ProviderManager(
    parseConfig(options.config ?? {}),
    new NullSentinelModelCache(),
    options.providers,
    options.clock ?? systemClock,
    options.logger ?? new RecordingLogger(),
    options.store,
    options.bus,
  );
  managers.push(manager);
  return manager;
}

/** Waits (really) until `check` passes or `ms` run out: a bound on a hang, not on speed. */
async function eventually(check: () => void, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe('ProviderManager with a shared catalog store', () => {
  describe('when another instance commits', () => {
    it('should show its list through the bus, without asking the provider itself', async () => {
      const store = new SharedMemoryStore(systemClock);
      const hub = new LocalBusHub();
      const upstreamA = new ListProvider('openai', ['gpt-4o']);
      const upstreamB = new ListProvider('openai', ['never-asked']);
      const a = instance({ providers: [upstreamA], store, bus: hub.bus() });
      const b = instance({ providers: [upstreamB], store, bus: hub.bus() });
      await Promise.all([a.ready(), b.ready()]);

      await a.discoverModels();
      await eventually(() => expect(b.validScopedModels()).toEqual(['openai/gpt-4o']));
      expect(upstreamB.calls).toBe(0);
      expect(b.providerStatus()[0]).toMatchObject({ state: 'ok', models: 1 });
    });

    it('should converge through the generation poll when the bus message is lost', async () => {
      const clock = new ManualClock();
      const store = new SharedMemoryStore(clock);
      const hub = new LocalBusHub();
      hub.delivering = false;
      const a = instance({ providers: [new ListProvider('p', ['new'])], store, bus: hub.bus(), clock, config: { store: { type: 'memory', pollMs: 1_000 } } });
      const b = instance({ providers: [new ListProvider('p', [])], store, bus: hub.bus(), clock, config: { store: { type: 'memory', pollMs: 1_000 } } });
      await Promise.all([a.ready(), b.ready()]);
      await a.discoverModels();
      await flush();
      expect(b.validScopedModels()).toEqual([]);
      clock.advance(1_000);
      await eventually(() => expect(b.validScopedModels()).toEqual(['p/new']));
    });

    it('should adopt a newer list over one it fetched itself', async () => {
      const clock = new ManualClock();
      const store = new SharedMemoryStore(clock);
      const hub = new LocalBusHub();
      const a = instance({ providers: [new ListProvider('p', ['new'])], store, bus: hub.bus(), clock });
      const b = instance({ providers: [new ListProvider('p', ['old'])], store, bus: hub.bus(), clock });
      await Promise.all([a.ready(), b.ready()]);
      await b.discoverModels();
      clock.advance(1_000);
      await a.discoverModels();
      await flush();
      expect(b.validScopedModels()).toEqual(['p/new']);
    });

    it('should not load the lists again for the echo of its own commit, nor for a poll that finds nothing new', async () => {
      const clock = new ManualClock();
      const store = new ToggleStore(new SharedMemoryStore(clock));
      const hub = new LocalBusHub();
      const manager = instance({ providers: [new ListProvider('p', ['a'])], store, bus: hub.bus(), clock, config: { store: { type: 'memory', pollMs: 1_000 } } });
      await manager.ready();
      const loads = store.calls.load;
      await manager.discoverModels();
      await flush();
      expect(hub.published).toHaveLength(1);
      const polls = store.calls.generation;
      clock.advance(1_000);
      await flush();
      expect(store.calls.generation).toBe(polls + 1);
      expect(store.calls.load).toBe(loads);
    });

    it('should load again when the store changed while a reload was reading it', async () => {
      const clock = new ManualClock();
      const store = new HoldingStore(clock);
      const hub = new LocalBusHub();
      const manager = instance({ providers: [new ListProvider('p', [])], store, bus: hub.bus(), clock });
      await manager.ready();
      const release = store.hold('load');
      await store.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id: 'first' }] });
      hub.deliver(await store.generation());
      await flush(); // the reload has read 'first' and waits
      clock.advance(1_000);
      await store.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id: 'second' }] });
      hub.deliver(await store.generation());
      release.resolve();
      await flush();
      expect(manager.validScopedModels()).toEqual(['p/second']);
    });

    it('should fold the messages that arrive while a reload is reading into one more pass', async () => {
      const clock = new ManualClock();
      const holding = new HoldingStore(clock);
      const store = new ToggleStore(holding);
      const hub = new LocalBusHub();
      const manager = instance({ providers: [new ListProvider('p', [])], store, bus: hub.bus(), clock });
      await manager.ready();
      const loads = store.calls.load;
      const release = holding.hold('load');
      await holding.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id: 'first' }] });
      hub.deliver(await holding.generation());
      await flush(); // the reload is reading, held
      for (const id of ['second', 'third']) {
        clock.advance(1_000);
        await holding.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id }] });
        hub.deliver(await holding.generation());
      }
      release.resolve();
      await flush();
      expect(manager.validScopedModels()).toEqual(['p/third']);
      expect(store.calls.load - loads).toBe(2);
    });

    it('should re-check the generation when its subscription reconnects, and count only the reconnections', async () => {
      // A manual clock: no poll can bring the list, only the reconnection.
      const clock = new ManualClock();
      const store = new SharedMemoryStore(clock);
      const hub = new LocalBusHub();
      hub.delivering = false;
      const a = instance({ providers: [new ListProvider('p', ['new'])], store, bus: hub.bus(), clock });
      const b = instance({ providers: [new ListProvider('p', [])], store, bus: hub.bus(), clock });
      let reconnections = 0;
      b.observe({ busReconnected: () => reconnections++ });
      await Promise.all([a.ready(), b.ready()]);
      await a.discoverModels();
      await flush();
      expect(b.validScopedModels()).toEqual([]);
      expect(reconnections).toBe(0);
      hub.reconnectAll();
      await flush();
      expect(b.validScopedModels()).toEqual(['p/new']);
      expect(reconnections).toBe(1);
    });

    it.each([
      ['fetched itself', false],
      ['adopted from the store', true],
    ])('should keep a provider failed when a reload finds only the list it %s', async (_origin, adopted) => {
      const clock = new ManualClock();
      const store = new SharedMemoryStore(clock);
      const hub = new LocalBusHub();
      if (adopted) await store.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id: 'a' }] });
      const provider = new ControlledProvider('p');
      const manager = instance({ providers: [provider], store, bus: hub.bus(), clock });
      await manager.ready();
      if (!adopted) {
        const first = manager.discoverModels();
        provider.answer(['a']);
        await first;
      }
      clock.advance(1_000);
      const failing = manager.discoverModels();
      provider.fail(new Error('upstream down'));
      await failing;
      expect(manager.providerStatus()[0]).toMatchObject({ state: 'failed' });

      // Another instance commits another provider: the generation moves, and this one reloads.
      await store.commit({ provider: 'other', fingerprint: 'other', fetchedAt: clock.now(), models: [] });
      hub.deliver(await store.generation());
      await flush();
      expect(manager.providerStatus()[0]).toMatchObject({ state: 'failed', models: 1, lastError: { code: 'failed' } });
      expect(manager.validScopedModels()).toEqual(['p/a']);
    });

    it('should wait for its commit and report ok with the shared list, making no request of its own', async () => {
      const store = new SharedMemoryStore(systemClock);
      const hub = new LocalBusHub();
      const holder = new ControlledProvider('p');
      const waiter = new ListProvider('p', ['never-asked']);
      const a = instance({ providers: [holder], store, bus: hub.bus() });
      const b = instance({ providers: [waiter], store, bus: hub.bus() });
      await Promise.all([a.ready(), b.ready()]);

      const first = a.discoverModels();
      await eventually(() => expect(holder.calls).toHaveLength(1));
      const second = b.discoverModels();
      await new Promise((resolve) => setTimeout(resolve, 30));
      holder.answer(['shared']);
      const [reportA, reportB] = await Promise.all([first, second]);

      expect(waiter.calls).toBe(0);
      expect(reportA.providers[0]).toMatchObject({ status: 'ok', added: ['p/shared'] });
      expect(reportB.providers[0]).toMatchObject({ status: 'ok', models: 1, added: ['p/shared'] });
      expect(b.validScopedModels()).toEqual(['p/shared']);
    });

    it('should fetch itself when the holder fails', async () => {
      const store = new SharedMemoryStore(systemClock);
      const holder = new ControlledProvider('p');
      const waiter = new ListProvider('p', ['mine']);
      const a = instance({ providers: [holder], store });
      const b = instance({ providers: [waiter], store });
      await Promise.all([a.ready(), b.ready()]);

      const first = a.discoverModels();
      await eventually(() => expect(holder.calls).toHaveLength(1));
      const second = b.discoverModels();
      holder.fail(new Error('upstream down'));
      const [reportA, reportB] = await Promise.all([first, second]);
      expect(reportA.providers[0]?.status).toBe('failed');
      expect(reportB.providers[0]).toMatchObject({ status: 'ok', added: ['p/mine'] });
      expect(waiter.calls).toBe(1);
    });

    it('should fetch itself when the store goes down while it waits', async () => {
      const store = new ToggleStore(new SharedMemoryStore(systemClock));
      const holder = new ControlledProvider('p');
      const waiter = new ListProvider('p', ['mine']);
      const config = { discovery: { timeoutMs: 3_000 } };
      const a = instance({ providers: [holder], store, config });
      const b = instance({ providers: [waiter], store, config });
      await Promise.all([a.ready(), b.ready()]);
      const first = a.discoverModels();
      await eventually(() => expect(holder.calls).toHaveLength(1));
      const second = b.discoverModels();
      await eventually(() => expect(store.calls.isLocked).toBeGreaterThan(0));
      store.down = true;
      expect((await second).providers[0]).toMatchObject({ status: 'ok', added: ['p/mine'] });
      expect(waiter.calls).toBe(1);
      holder.answer(['theirs']);
      await first;
    });

    it('should fetch itself when the store goes down after the holder let go, before the list was read', async () => {
      const store = new ToggleStore(new SharedMemoryStore(systemClock));
      const holder = new ControlledProvider('p');
      const waiter = new ListProvider('p', ['mine']);
      const a = instance({ providers: [holder], store });
      const b = instance({ providers: [waiter], store });
      await Promise.all([a.ready(), b.ready()]);
      let released = false;
      store.onCall = (method) => {
        if (method === 'unlock') released = true;
        else if (released && method === 'load') store.down = true;
      };
      const first = a.discoverModels();
      await eventually(() => expect(holder.calls).toHaveLength(1));
      const second = b.discoverModels();
      await eventually(() => expect(store.calls.isLocked).toBeGreaterThan(0));
      holder.answer(['theirs']);
      await first;
      expect((await second).providers[0]).toMatchObject({ status: 'ok', added: ['p/mine'] });
      expect(waiter.calls).toBe(1);
    });

    it('should fail with timeout, keeping its list, when waiting uses up discovery.timeoutMs', async () => {
      const store = new SharedMemoryStore(systemClock);
      const holder = new ControlledProvider('p');
      const config = { discovery: { timeoutMs: 150 } };
      const a = instance({ providers: [holder], store, config });
      const b = instance({ providers: [new ListProvider('p', ['x'])], store, config });
      await Promise.all([a.ready(), b.ready()]);
      void a.discoverModels();
      await eventually(() => expect(holder.calls).toHaveLength(1));
      const report = await b.discoverModels();
      expect(report.providers[0]).toMatchObject({ status: 'failed', code: 'timeout', models: 0 });
    });
  });

  describe('when the store already holds a newer list than the one fetched', () => {
    it('should adopt the stored list instead of overwriting it', async () => {
      const store = new MemoryCatalogStore(systemClock);
      const provider = new ControlledProvider('p');
      const manager = instance({ providers: [provider], store });
      await manager.ready();
      const discovery = manager.discoverModels();
      await eventually(() => expect(provider.calls).toHaveLength(1));
      // Another instance's fetch, started after ours, commits first.
      await store.commit({ ...P_REF, fetchedAt: Date.now() + 60_000, models: [{ id: 'newer' }] });
      provider.answer(['older']);
      const report = await discovery;
      expect(report.providers[0]).toMatchObject({ status: 'ok', added: ['p/newer'] });
      expect(manager.validScopedModels()).toEqual(['p/newer']);
      const stored = await store.load([P_REF]);
      expect(stored.entries[0]?.models).toEqual([{ id: 'newer' }]);
    });
  });

  describe('.ready', () => {
    it('should resolve after the stored lists were adopted, writing nothing back', async () => {
      const store = new ToggleStore(new MemoryCatalogStore(systemClock));
      await store.inner.commit({ ...P_REF, fetchedAt: 5, models: [{ id: 'stored' }] });
      const manager = instance({ providers: [new ListProvider('p', [])], store });
      await manager.ready();
      expect(manager.validScopedModels()).toEqual(['p/stored']);
      expect(manager.providerStatus()[0]).toMatchObject({ state: 'ok', lastSuccessAt: new Date(5) });
      expect(store.calls.commit).toBe(0);
    });

    it('should check a stored list like a fetched one: unsafe ids dropped, fields cleaned', async () => {
      const store = new MemoryCatalogStore(systemClock);
      const fingerprint = providerFingerprint('p', undefined);
      const models = [{ id: 'fine', capabilities: ['CHAT'] }, { id: '' }, { id: 'evil\u001b[31m' }, { id: 'x'.repeat(5000) }, { id: 'n', contextWindow: -5 }];
      await store.commit({ provider: 'p', fingerprint, fetchedAt: 5, models });
      const manager = instance({ providers: [new ListProvider('p', [])], store });
      await manager.ready();
      expect(manager.validScopedModels({ capability: 'chat' })).toEqual(['p/fine', 'p/n']);
      expect(manager.modelInfo('p/n')).toEqual({ id: 'p/n', provider: 'p', model: 'n', capabilities: ['chat'] });
    });

    it('should hold back an empty first answer when the list it replaces came from the store', async () => {
      const store = new MemoryCatalogStore(systemClock);
      await store.commit({ ...P_REF, fetchedAt: Date.now() - 1_000, models: [{ id: 'a' }, { id: 'b' }] });
      const provider = new ListProvider('p', []);
      const manager = instance({ providers: [provider], store });
      await manager.ready();
      const report = await manager.discoverModels();
      expect(report.providers[0]).toMatchObject({ status: 'failed', code: 'empty_held_back', models: 2 });
      expect(manager.validScopedModels()).toEqual(['p/a', 'p/b']);
    });

    it('should ignore a stored list of another provider config (fingerprint)', async () => {
      const store = new MemoryCatalogStore(systemClock);
      const config = { providers: [{ name: 'p', type: 'openai' as const, apiKey: 'sk-one-1234' }] };
      const other = parseConfig({ providers: [{ name: 'p', type: 'openai', apiKey: 'sk-two-1234' }] }).providers[0];
      await store.commit({ provider: 'p', fingerprint: providerFingerprint('p', other), fetchedAt: 5, models: [{ id: 'other-key' }] });
      const manager = instance({ providers: [new ListProvider('p', [])], store, config });
      await manager.ready();
      expect(manager.validScopedModels()).toEqual([]);
    });
  });

  describe('when the store is down', () => {
    it('should keep discovering locally, report the outage once, and write the lists when it returns', async () => {
      const inner = new SharedMemoryStore(systemClock);
      const store = new ToggleStore(inner);
      const logger = new RecordingLogger();
      const provider = new ListProvider('p', ['a']);
      const manager = instance({ providers: [provider], store, logger, config: { providers: [], store: { type: 'memory', pollMs: 20 } } });
      await manager.ready();
      store.down = true;
      await manager.discoverModels();
      provider.models = ['a', 'b'];
      await manager.discoverModels();
      expect(manager.validScopedModels()).toEqual(['p/a', 'p/b']);
      expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);
      expect(logger.lines[0]).toMatch(/catalog store is unavailable \(connection refused \(test outage\)\)/);

      store.down = false;
      await eventually(() => {
        expect(logger.lines.some((line) => line.includes('reachable again'))).toBe(true);
      });
      await eventually(() => expect(store.commits).toBe(1));
      const stored = await inner.load([P_REF]);
      expect(stored.entries[0]?.models.map((m) => m.id)).toEqual(['a', 'b']);
      expect(manager.validScopedModels()).toEqual(['p/a', 'p/b']);

      // Written once: a later reload (another instance's commit) does not write it again.
      const loads = store.calls.load;
      await inner.commit({ provider: 'other', fingerprint: 'other', fetchedAt: Date.now(), models: [] });
      await eventually(() => expect(store.calls.load).toBeGreaterThan(loads));
      await flush();
      expect(store.commits).toBe(1);
    });

    it('should tell the other instances when it writes a list kept while the store was down', async () => {
      const clock = new ManualClock();
      const store = new ToggleStore(new SharedMemoryStore(clock));
      const hub = new LocalBusHub();
      const a = instance({ providers: [new ListProvider('p', ['a'])], store, bus: hub.bus(), clock, config: { store: { type: 'memory', pollMs: 1_000 } } });
      // B polls only hourly: the bus is all that can tell it.
      const b = instance({ providers: [new ListProvider('p', [])], store, bus: hub.bus(), clock, config: { store: { type: 'memory', pollMs: 3_600_000 } } });
      await Promise.all([a.ready(), b.ready()]);
      store.down = true;
      await a.discoverModels();
      store.down = false;
      clock.advance(1_000);
      await eventually(() => expect(b.validScopedModels()).toEqual(['p/a']));
    });

    it('should not spend a discovery on a store known to be down: only the poll probes it, and the outage is reported once', async () => {
      const clock = new ManualClock();
      const store = new ToggleStore(new SharedMemoryStore(clock));
      const logger = new RecordingLogger();
      const manager = instance({ providers: [new ListProvider('p', ['a'])], store, clock, logger, config: { store: { type: 'memory', pollMs: 1_000 } } });
      await manager.ready();
      store.down = true;
      await manager.discoverModels();
      const afterFirst = store.callsWhileDown;
      expect(afterFirst).toBe(1);
      await manager.discoverModels();
      await manager.discoverModels();
      expect(store.callsWhileDown).toBe(afterFirst);
      clock.advance(1_000);
      await flush();
      expect(store.callsWhileDown).toBe(afterFirst + 1);
      expect(manager.validScopedModels()).toEqual(['p/a']);
      expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);
    });

    it('should keep the list it fetched while the store was down over the older one stored, and write it', async () => {
      const clock = new ManualClock();
      const inner = new SharedMemoryStore(clock);
      const store = new ToggleStore(inner);
      const provider = new ListProvider('p', ['old']);
      const manager = instance({ providers: [provider], store, clock, config: { store: { type: 'memory', pollMs: 1_000 } } });
      await manager.ready();
      await manager.discoverModels();
      store.down = true;
      clock.advance(1_000);
      provider.models = ['new'];
      await manager.discoverModels();
      store.down = false;
      clock.advance(1_000); // the poll finds the store back, and the manager reloads
      await flush();
      expect(manager.validScopedModels()).toEqual(['p/new']);
      expect((await inner.load([P_REF])).entries[0]?.models.map((model) => model.id)).toEqual(['new']);
    });

    it('should adopt the stored list when another instance committed a newer one just before its late write', async () => {
      const clock = new ManualClock();
      const inner = new SharedMemoryStore(clock);
      const store = new ToggleStore(inner);
      const manager = instance({ providers: [new ListProvider('p', ['mine'])], store, clock, config: { store: { type: 'memory', pollMs: 1_000 } } });
      await manager.ready();
      store.down = true;
      await manager.discoverModels();
      // The other instance's commit lands between our reload's read and our write.
      let raced = false;
      store.onCall = (method) => {
        if (method !== 'commit' || raced) return;
        raced = true;
        void inner.commit({ ...P_REF, fetchedAt: clock.now() + 500, models: [{ id: 'theirs' }] });
      };
      store.down = false;
      clock.advance(1_000);
      await flush();
      expect(raced).toBe(true);
      expect(manager.validScopedModels()).toEqual(['p/theirs']);
    });

    it('should probe the store on a bus message, not only on the poll, and adopt what it finds', async () => {
      const clock = new ManualClock();
      const inner = new SharedMemoryStore(clock);
      const store = new ToggleStore(inner);
      const hub = new LocalBusHub();
      store.down = true;
      const manager = instance({ providers: [new ListProvider('p', [])], store, bus: hub.bus(), clock, config: { store: { type: 'memory', pollMs: 3_600_000 } } });
      const reloads: boolean[] = [];
      manager.observe({ storeReloaded: ({ ok }) => reloads.push(ok) });
      await manager.ready();
      store.down = false;
      await inner.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id: 'shared' }] });
      hub.deliver(await inner.generation());
      await flush();
      expect(manager.validScopedModels()).toEqual(['p/shared']);
      // Not ok at the start, ok once back (the reload that finds the store back runs a second pass).
      expect(reloads[0]).toBe(false);
      expect(reloads.at(-1)).toBe(true);
    });

    it('should still serve its lists and answer ready()', async () => {
      const store = new ToggleStore(new MemoryCatalogStore(systemClock));
      store.down = true;
      const manager = instance({ providers: [new ListProvider('p', ['a'])], store });
      await expect(manager.ready()).resolves.toBeUndefined();
      await manager.discoverModels();
      expect(manager.validScopedModels()).toEqual(['p/a']);
    });
  });

  describe('when discovery.refreshIntervalMs is set', () => {
    it('should fetch stale providers in the background while readers keep the current list', async () => {
      const clock = new ManualClock();
      const provider = new ControlledProvider('p');
      const manager = instance({
        providers: [provider],
        store: new MemoryCatalogStore(clock),
        clock,
        config: { providers: [{ name: 'p', type: 'openai', models: ['pinned'] }], discovery: { refreshIntervalMs: 60_000 } },
      });
      await manager.ready();
      await flush();
      expect(provider.calls).toHaveLength(1);
      expect(manager.validScopedModels()).toEqual(['p/pinned']);
      provider.answer(['fresh']);
      await flush();
      expect(manager.validScopedModels()).toEqual(['p/fresh', 'p/pinned']);

      clock.advance(30_000);
      await flush();
      expect(provider.calls).toHaveLength(1);
      clock.advance(30_000);
      await flush();
      expect(provider.calls).toHaveLength(2);
    });

    /** A manager refreshing `p` every minute (checked every 30 s), its first background fetch answered with `first`. */
    async function refreshing(first: string[]) {
      const clock = new ManualClock();
      const store = new ToggleStore(new MemoryCatalogStore(clock));
      const provider = new ControlledProvider('p');
      const manager = instance({ providers: [provider], store, clock, config: { discovery: { refreshIntervalMs: 60_000 } } });
      await manager.ready();
      provider.answer(first);
      await flush();
      const advance = async (ms: number): Promise<void> => {
        clock.advance(ms);
        await flush();
      };
      return { clock, store, provider, manager, advance };
    }

    it('should leave a provider alone while its list is fresh: not even a store lock is taken', async () => {
      const { store, provider, manager, advance } = await refreshing(['a']);
      expect(manager.validScopedModels()).toEqual(['p/a']);
      const locks = store.calls.tryLock;
      await advance(30_000);
      expect(store.calls.tryLock).toBe(locks);
      await advance(30_000);
      expect(store.calls.tryLock).toBe(locks + 1);
      expect(provider.calls).toHaveLength(2);
    });

    it('should adopt a list another instance stored since its own fetch, instead of fetching again', async () => {
      const { clock, store, provider, manager, advance } = await refreshing(['mine']);
      await advance(30_000);
      clock.advance(20_000);
      await store.inner.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id: 'theirs' }] });
      await advance(10_000); // our list is due; theirs is 10 s old
      expect(provider.calls).toHaveLength(1);
      expect(manager.validScopedModels()).toEqual(['p/theirs']);
    });

    it('should hold back an empty answer to a background refresh, as it does for a discovery', async () => {
      const { provider, manager, advance } = await refreshing(['a']);
      await advance(30_000);
      await advance(30_000);
      expect(provider.calls).toHaveLength(2);
      provider.answer([]);
      await flush();
      expect(manager.validScopedModels()).toEqual(['p/a']);
    });

    it('should ask the provider on an explicit discovery even while the stored list is fresh', async () => {
      const { provider, manager } = await refreshing(['a']);
      const run = manager.discoverModels();
      provider.answer(['b']);
      await run;
      expect(provider.calls).toHaveLength(2);
      expect(manager.validScopedModels()).toEqual(['p/b']);
    });

    it('should not fetch a provider whose stored list is fresh', async () => {
      const clock = new ManualClock();
      const store = new MemoryCatalogStore(clock);
      await store.commit({ ...P_REF, fetchedAt: clock.now(), models: [{ id: 'stored' }] });
      const provider = new ListProvider('p', []);
      const manager = instance({ providers: [provider], store, clock, config: { discovery: { refreshIntervalMs: 60_000 } } });
      await manager.ready();
      await flush();
      expect(provider.calls).toBe(0);
      expect(manager.validScopedModels()).toEqual(['p/stored']);
    });
  });

  describe('.close', () => {
    it('should stop a discovery in flight at once and release its fetch lock', async () => {
      const store = new SharedMemoryStore(systemClock);
      const provider = new ControlledProvider('p');
      const manager = instance({ providers: [provider], store });
      await manager.ready();
      const discovery = manager.discoverModels();
      await eventually(() => expect(provider.calls).toHaveLength(1));
      expect(await store.isLocked(P_REF)).toBe(true);
      await manager.close();
      expect(provider.latest().signal.aborted).toBe(true);
      expect(await store.isLocked(P_REF)).toBe(false);
      await expect(discovery).resolves.toMatchObject({ providers: [{ status: 'failed', code: 'aborted' }] });
    });

    it('should release the fetch lock of a discovery in flight before it closes the store', async () => {
      const store = new RoundTripStore(systemClock);
      const provider = new ControlledProvider('p');
      const manager = instance({ providers: [provider], store });
      await manager.ready();
      const discovery = manager.discoverModels();
      await eventually(() => expect(provider.calls).toHaveLength(1));
      await manager.close();
      expect(store.order).toEqual(['unlock', 'close']);
      await discovery;
    });

    it('should stop a background refresh in flight, so a short-lived process can exit', async () => {
      const provider = new ControlledProvider('p');
      const manager = instance({ providers: [provider], store: new MemoryCatalogStore(systemClock), config: { discovery: { refreshIntervalMs: 60_000 } } });
      await manager.ready();
      await eventually(() => expect(provider.calls).toHaveLength(1));
      await manager.close();
      expect(provider.latest().signal.aborted).toBe(true);
    });

    it('should start no background refresh when closed before its first load ended', async () => {
      const clock = new ManualClock();
      const store = new HoldingStore(clock);
      const release = store.hold('load');
      const provider = new ListProvider('p', ['a']);
      const manager = instance({ providers: [provider], store, clock, config: { discovery: { refreshIntervalMs: 60_000 } } });
      const closing = manager.close();
      release.resolve();
      await closing;
      await manager.ready();
      await flush();
      expect(provider.calls).toBe(0);
      expect(store.callsAfterClose).toBe(0);
      expect(clock.pendingTimers).toBe(0);
    });

    it('should start no background refresh when it closes while a refresh reads the store\'s clock', async () => {
      const clock = new ManualClock();
      const store = new HoldingStore(clock);
      const provider = new ListProvider('p', ['a']);
      const manager = instance({ providers: [provider], store, clock, config: { discovery: { refreshIntervalMs: 60_000 } } });
      await manager.ready();
      await eventually(() => expect(provider.calls).toBe(1));
      // The refresh timer (every 30 s) falls due twice: the second run finds the list 60 s old, once it has the time.
      clock.advance(30_000);
      await flush();
      const release = store.hold('now');
      clock.advance(30_000);
      const closing = manager.close();
      release.resolve();
      await closing;
      await flush();
      expect(provider.calls).toBe(1);
    });

    it('should start no background refresh while it waits for a discovery in flight to let go of its lock', async () => {
      const clock = new ManualClock();
      const store = new RoundTripStore(clock);
      const slow = new ControlledProvider('p');
      const quick = new ListProvider('q', ['b']);
      const manager = instance({ providers: [slow, quick], store, clock, config: { discovery: { refreshIntervalMs: 60_000 } } });
      await manager.ready();
      await eventually(() => expect(slow.calls).toHaveLength(1));
      slow.answer(['a']);
      await eventually(() => expect(manager.validScopedModels()).toEqual(['p/a', 'q/b']));
      // The refresh timer runs every 30 s: its first run finds nothing stale; its second, due while
      // close() waits for p's unlock, finds q's list 60 s old.
      clock.advance(30_000);
      await flush();
      expect(quick.calls).toBe(1);
      const discovery = manager.discoverModels(['p']);
      await eventually(() => expect(slow.calls).toHaveLength(2));
      let advanced = false;
      store.onUnlock = () => {
        store.onUnlock = undefined;
        advanced = true;
        clock.advance(30_000);
      };
      await manager.close();
      await discovery;
      await flush();
      expect(advanced).toBe(true);
      expect(quick.calls).toBe(1);
    });

    it('should set no timer again when a poll that was in flight ends after close', async () => {
      const clock = new ManualClock();
      const store = new HoldingStore(clock);
      const manager = instance({ providers: [], store, clock, config: { store: { type: 'memory', pollMs: 1_000 } } });
      await manager.ready();
      const release = store.hold('generation');
      clock.advance(1_000);
      const closing = manager.close();
      release.resolve();
      await closing;
      await flush();
      expect(clock.pendingTimers).toBe(0);
    });

    // That it closes the store and the bus is seen on the real Redis (sharedCatalog.redis.test.ts: its connections go).
    it('should cancel its timers', async () => {
      const clock = new ManualClock();
      const manager = instance({ providers: [], store: new SharedMemoryStore(clock), bus: new LocalBusHub().bus(), clock, config: { discovery: { refreshIntervalMs: 60_000 } } });
      await manager.ready();
      expect(clock.pendingTimers).toBeGreaterThan(0);
      await manager.close();
      expect(clock.pendingTimers).toBe(0);
    });
  });
});
