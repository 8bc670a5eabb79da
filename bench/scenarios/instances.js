import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';
import { createClient } from 'redis';
import { createContainer, TYPES } from '../../dist/index.js';
import { BenchProvider } from '../lib/benchManager.js';
import { figure, notAvailable } from '../lib/figures.js';
import { realisticCatalog } from '../lib/ids.js';
import { percentile } from '../lib/timing.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */
/** @typedef {import('../../dist/index.js').ProviderManager} ProviderManager */
/** @typedef {import('inversify').Container} Container */
/** @typedef {ReturnType<typeof createClient>} RedisClient */

/** The Redis the bench may write to (under a prefix of its own, removed at the end). */
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const POLL_MS = 1_000;
/** How long B may take to see a commit before it counts as never. */
const GIVE_UP_MS = 5 * POLL_MS;
const PROVIDER = 'bench';

/** A bus that never delivers: every message is lost, so only the generation poll remains. */
const LOST_BUS = { listen() {}, publish: () => Promise.resolve(), close: () => Promise.resolve() };

/**
 * Two instances sharing one Redis: the time from a commit on A to the new list on B, next to one
 * Redis round trip; and, with B's subscriber connection killed (or every message lost), next to
 * the poll interval.
 * @param {{ quick: boolean, log: (line: string) => void }} context
 * @returns {Promise<Figure[]>}
 */
export async function instancesScenario({ quick, log }) {
  const scenario = 'instances';
  const admin = createClient({ url: REDIS_URL, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  admin.on('error', () => {});
  try {
    await admin.connect();
  } catch {
    return [notAvailable(scenario, `no Redis reachable at ${new URL(REDIS_URL).host} (set BENCH_REDIS_URL)`)];
  }
  const prefix = `scoped-models-bench-${process.pid}-${Date.now()}`;
  const ids = realisticCatalog(500, { providers: ['openrouter'] }).get('openrouter') ?? [];
  /** @type {Container[]} */
  const containers = [];
  /** @param {{ lostBus?: boolean }} [options] */
  const instance = async (options = {}) => {
    const container = createContainer({ env: 'test', config: { store: { type: 'redis', url: REDIS_URL, prefix, pollMs: POLL_MS } } });
    containers.push(container);
    const provider = new BenchProvider(PROVIDER, ids, { initial: false });
    container.bind(TYPES.ModelProvider).toConstantValue(provider);
    if (options.lostBus === true) {
      if (container.isBound(TYPES.InvalidationBus)) container.unbind(TYPES.InvalidationBus);
      container.bind(TYPES.InvalidationBus).toConstantValue(LOST_BUS);
    }
    /** @type {ProviderManager} */
    const manager = container.get(TYPES.ProviderManager);
    await manager.ready();
    return { manager, provider };
  };

  try {
    const roundTrips = [];
    for (let i = 0; i < 100; i++) {
      const start = performance.now();
      await admin.ping();
      roundTrips.push(performance.now() - start);
    }

    const a = await instance();
    const aSubscribers = await waitForSubscribers(admin, prefix, new Set(), 1);
    const b = await instance();
    let commits = 0;
    /** Commits a new list on A; resolves with the ms until B holds it (Infinity: never). */
    const commit = async (/** @type {ProviderManager} */ reader) => {
      const added = `bench-model-${commits++}`;
      a.provider.ids = [...ids, added];
      const seenOnA = nextChange(a.manager, `${PROVIDER}/${added}`);
      const seenOnB = nextChange(reader, `${PROVIDER}/${added}`);
      await a.manager.discoverModels();
      const [atA, atB] = await Promise.all([seenOnA, seenOnB]);
      return atB - atA;
    };
    // B listens once its subscriber is connected; the first commit also warms both up.
    await waitForSubscribers(admin, prefix, aSubscribers, 1);
    await commit(b.manager);

    const latencies = [];
    for (let i = 0; i < 100; i++) latencies.push(await commit(b.manager));

    const killed = [];
    for (let trial = 0; trial < (quick ? 3 : 10); trial++) {
      const [subscriber] = await waitForSubscribers(admin, prefix, aSubscribers, 1);
      await admin.sendCommand(['CLIENT', 'KILL', 'ID', String(subscriber)]);
      killed.push(await commit(b.manager));
    }

    const deaf = await instance({ lostBus: true });
    await commit(deaf.manager);
    const lost = [];
    for (let trial = 0; trial < (quick ? 3 : 8); trial++) lost.push(await commit(deaf.manager));
    log(`killed subscriber: ${killed.map((ms) => ms.toFixed(0)).join(', ')} ms; lost messages: ${lost.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    const name = `commit on A → new list on B (${latencies.length} commits of ${ids.length + 1} models)`;
    return [
      figure({ scenario, name: `${name}, p50`, value: percentile(latencies, 50), unit: 'ms', baseline: 'one Redis round trip, p50', baselineValue: percentile(roundTrips, 50) }),
      figure({ scenario, name: `${name}, p99`, value: percentile(latencies, 99), unit: 'ms', baseline: 'one Redis round trip, p99', baselineValue: percentile(roundTrips, 99) }),
      figure({ scenario, name: `B's subscriber connection killed (CLIENT KILL) just before the commit, worst of ${killed.length}`, value: finite(Math.max(...killed)), unit: 'ms', baseline: 'poll interval', baselineValue: POLL_MS, target: { op: '<=', limit: 1.2 } }),
      figure({ scenario, name: `every pub/sub message lost (poll only), worst of ${lost.length}`, value: finite(Math.max(...lost)), unit: 'ms', baseline: 'poll interval', baselineValue: POLL_MS, target: { op: '<=', limit: 1.2 } }),
    ];
  } finally {
    await Promise.all(containers.map((container) => container.unbindAllAsync()));
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) {
      if (keys.length > 0) await admin.unlink(keys);
    }
    admin.destroy();
  }
}

/** A duration that never ended is shown as not measured. */
function finite(/** @type {number} */ ms) {
  return Number.isFinite(ms) ? ms : null;
}

/**
 * When `manager` next reports a change that adds `id` (a `performance.now()` reading), or
 * Infinity after {@link GIVE_UP_MS}.
 * @param {ProviderManager} manager
 * @param {string} id
 * @returns {Promise<number>}
 */
function nextChange(manager, id) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(Infinity);
    }, GIVE_UP_MS);
    const unsubscribe = manager.onChange((change) => {
      if (!change.added.includes(id)) return;
      const at = performance.now();
      clearTimeout(timer);
      unsubscribe();
      resolve(at);
    });
  });
}

/**
 * The ids of the subscriber connections of `prefix` not in `known`, once there are `count`
 * of them (the bus names its connections `{prefix}:subscriber`).
 * @param {RedisClient} admin
 * @param {string} prefix
 * @param {ReadonlySet<string>} known
 * @param {number} count
 * @returns {Promise<Set<string>>}
 */
async function waitForSubscribers(admin, prefix, known, count) {
  const deadline = performance.now() + GIVE_UP_MS;
  for (;;) {
    const list = String(await admin.sendCommand(['CLIENT', 'LIST', 'TYPE', 'pubsub']));
    const found = new Set(
      list
        .split('\n')
        .map((line) => Object.fromEntries(line.trim().split(' ').map((field) => field.split('='))))
        .filter((client) => client.name === `${prefix}:subscriber` && !known.has(client.id))
        .map((client) => String(client.id)),
    );
    if (found.size >= count) return found;
    if (performance.now() > deadline) throw new Error(`no new subscriber connection for ${prefix} within ${GIVE_UP_MS} ms`);
    await sleep(10);
  }
}
