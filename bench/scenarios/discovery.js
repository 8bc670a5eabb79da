import { performance } from 'node:perf_hooks';
import { do_not_optimize } from 'mitata';
import { createContainer, TYPES } from '../../dist/index.js';
import { figure } from '../lib/figures.js';
import { realisticCatalog } from '../lib/ids.js';
import { startProviderServer } from '../lib/providerServer.js';
import { median, nsPerCall, since } from '../lib/timing.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */
/** @typedef {import('../lib/timing.js').Budget} Budget */
/** @typedef {import('../../dist/index.js').ProviderManager} ProviderManager */

/** How long each provider takes to answer, in ms. */
const LATENCY_MS = 200;
const PROVIDERS = 5;
const MODELS = 2_000;
const CONCURRENT_CALLS = 100;

/**
 * Five providers on local HTTP servers, each answering after L ms: the wall time of a
 * discovery, the requests that 100 concurrent discoveries make, and the cost of a read made
 * while a discovery is in flight.
 * @param {{ quick: boolean, budget: Budget }} context
 * @returns {Promise<Figure[]>}
 */
export async function discoveryScenario({ quick, budget }) {
  const catalog = [...realisticCatalog(MODELS, { providers: ['openai', 'openrouter', 'ollama', 'together', 'lmstudio'] })];
  const servers = await Promise.all(catalog.map(([, ids]) => startProviderServer({ ids, delayMs: LATENCY_MS })));
  const container = createContainer({
    env: 'test',
    config: {
      providers: catalog.map(([name], index) => ({ name, type: 'openai-compatible', baseUrl: /** @type {string} */ (servers[index]?.baseUrl) })),
    },
  });
  /** @type {ProviderManager} */
  const manager = container.get(TYPES.ProviderManager);
  try {
    await manager.ready();
    // The first discovery opens the connections; the figures are for the ones after.
    await manager.discoverModels();

    /** @type {number[]} */
    const walls = [];
    for (let round = 0; round < (quick ? 3 : 7); round++) {
      const start = performance.now();
      const report = await manager.discoverModels();
      walls.push(since(start));
      const failed = report.providers.filter((provider) => provider.status !== 'ok');
      if (failed.length > 0) throw new Error(`discovery failed for ${failed.map((provider) => provider.name).join(', ')}`);
    }

    const before = servers.reduce((sum, server) => sum + server.requests, 0);
    await Promise.all(Array.from({ length: CONCURRENT_CALLS }, () => manager.discoverModels()));
    const requests = servers.reduce((sum, server) => sum + server.requests, 0) - before;

    // A read while a discovery is in flight: the discovery invalidated the cache as it started,
    // one read rebuilt the list, and the timed reads are hits on it while every provider's fetch
    // is pending in the manager. mitata's sampling loop runs a synchronous body without
    // yielding, so no answer, timer or socket event runs while it is timed (checked below).
    // Baseline: a plain hit with no discovery in flight, before and after each one; its best is
    // compared, usually round 0's, which V8 compiled before the read had ever missed, so
    // without its miss path: stricter than the hits an application makes after its first
    // discovery, which the in-flight reads are (see docs/benchmarks.md).
    const read = () => do_not_optimize(manager.validScopedModels());
    // Every measurement starts on a built list, so it times hits only: a rebuild as mitata's
    // first call, if slower than 0.5 ms, makes it time single calls at the clock's resolution.
    const hits = () => {
      manager.validScopedModels();
      return nsPerCall(read, budget);
    };
    let inFlight = Infinity;
    let plain = Infinity;
    for (let round = 0; round < budget.rounds; round++) {
      plain = Math.min(plain, await hits());
      let settled = false;
      const discovery = manager.discoverModels().finally(() => {
        settled = true;
      });
      const during = await hits();
      if (settled) throw new Error('the discovery finished during the in-flight measurement; raise LATENCY_MS');
      await discovery;
      inFlight = Math.min(inFlight, during);
      plain = Math.min(plain, await hits());
    }

    const scenario = 'discovery';
    return [
      figure({ scenario, name: `wall time, ${PROVIDERS} providers × ${MODELS / PROVIDERS} models each answering after L`, value: median(walls), unit: 'ms', baseline: 'L', baselineValue: LATENCY_MS, target: { op: '<=', limit: 1.3 } }),
      figure({ scenario, name: `requests made by ${CONCURRENT_CALLS} concurrent discoverModels()`, value: requests, unit: 'requests', baseline: 'providers', baselineValue: PROVIDERS, target: { op: '=', limit: 1 } }),
      figure({ scenario, name: 'validScopedModels() during an in-flight discovery, after its rebuild', value: inFlight, unit: 'ns/call', baseline: 'plain hit', baselineValue: plain, target: { op: '<=', limit: 2 } }),
    ];
  } finally {
    await container.unbindAllAsync();
    await Promise.all(servers.map((server) => server.close()));
  }
}
