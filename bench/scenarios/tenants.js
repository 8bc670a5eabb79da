import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { do_not_optimize } from 'mitata';
import { createContainer, TYPES } from '../../dist/index.js';
import { BenchProvider } from '../lib/benchManager.js';
import { figure } from '../lib/figures.js';
import { realisticCatalog } from '../lib/ids.js';
import { startProviderServer } from '../lib/providerServer.js';
import { compareNs } from '../lib/timing.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */
/** @typedef {import('../lib/timing.js').Budget} Budget */
/** @typedef {import('../../dist/index.js').ProviderManager} ProviderManager */

const scenario = 'tenants';
const TENANTS = 10_000;
const KEYS = 1_000;
/** Models each key lists at each keyed provider: a few shared ones and its own fine-tunes. */
const MODELS_PER_KEY = 40;

/**
 * A local provider whose list depends on the key: ten common models and the key's own fine-tunes.
 * @param {string} key
 */
const idsForKey = (key) => Array.from({ length: MODELS_PER_KEY }, (_, index) => (index < 10 ? `gpt-4o-${index}` : `ft:gpt-4o:${key}::${index}`));

/** The used V8 heap after a full collection, in bytes. */
function heapAfterGc() {
  const collect = /** @type {() => void} */ (globalThis.gc);
  collect();
  collect();
  return getHeapStatistics().used_heap_size;
}

/**
 * A production container: the LRU strategy, a realistic shared catalog of 1,000 ids, and two
 * providers (`team-a`, `team-b`) that need each tenant's own key.
 * @param {string[]} baseUrls
 */
async function tenantContainer(baseUrls) {
  const container = createContainer({
    env: 'test',
    config: {
      cache: { strategy: 'lru' },
      discovery: { retries: 0, timeoutMs: 60_000, requestTimeoutMs: 60_000 },
      providers: baseUrls.map((baseUrl, index) => ({ name: `team-${'ab'[index]}`, type: 'openai-compatible', baseUrl, tenantKeys: 'required' })),
    },
  });
  for (const [name, ids] of realisticCatalog(1_000)) container.bind(TYPES.ModelProvider).toConstantValue(new BenchProvider(name, ids));
  /** @type {ProviderManager} */
  const manager = container.get(TYPES.ProviderManager);
  await manager.ready();
  return { container, manager };
}

/** @param {number} index */
const tenant = (index) => ({ id: `tenant-${index}`, keys: { 'team-a': `sk-key-${index % KEYS}`, 'team-b': `sk-key-${index % KEYS}` } });

/**
 * A warm view's `validScopedModels()` next to a manager LRU hit of the same catalog; then
 * 10,000 tenants over 1,000 distinct keys, cold: the requests each provider receives, and the
 * heap per view and per credential list.
 * @param {{ budget: Budget }} context
 * @returns {Promise<Figure[]>}
 */
export async function tenantsScenario({ budget }) {
  const servers = [await startProviderServer({ ids: [], delayMs: 0, idsForKey }), await startProviderServer({ ids: [], delayMs: 0, idsForKey })];
  try {
    const { container, manager } = await tenantContainer(servers.map((server) => server.baseUrl));
    // A key of its own, so the cold run below starts with no list held.
    const view = manager.forTenant({ id: 'warm', keys: { 'team-a': 'sk-warm', 'team-b': 'sk-warm' } });
    await view.ready();
    if (view.validScopedModels().length !== manager.validScopedModels().length + 2 * MODELS_PER_KEY) throw new Error('the warm view lacks its own lists');
    const managerHit = () => do_not_optimize(manager.validScopedModels());
    const viewHit = () => do_not_optimize(view.validScopedModels());
    const ns = await compareNs({ managerHit, viewHit }, budget);

    const beforeCold = heapAfterGc();
    const coldStart = performance.now();
    const views = Array.from({ length: TENANTS }, (_, index) => manager.forTenant(tenant(index)));
    for (const each of views) each.validScopedModels();
    await Promise.all(views.map((each) => each.ready()));
    const coldMs = performance.now() - coldStart;
    const requests = servers.map((server) => server.requests - 1);
    views.length = 0;
    // Lists and lineups, with no view held: 1,000 keys × 2 providers.
    const perList = (heapAfterGc() - beforeCold) / (KEYS * servers.length);
    const beforeViews = heapAfterGc();
    const held = Array.from({ length: TENANTS }, (_, index) => manager.forTenant(tenant(index)));
    const perView = (heapAfterGc() - beforeViews) / TENANTS;
    do_not_optimize(held);
    await container.unbindAllAsync();

    return [
      figure({ scenario, name: 'view hit: validScopedModels() of a warm tenant view', value: ns.viewHit, unit: 'ns/call', baseline: 'manager LRU hit', baselineValue: ns.managerHit, target: { op: '<=', limit: 2 } }),
      ...requests.map((count, index) =>
        figure({ scenario, name: `cold: ${TENANTS} tenants over ${KEYS} keys, requests at provider ${index + 1}`, value: count, unit: 'requests', target: { on: 'requests', op: '=', limit: KEYS } }),
      ),
      figure({ scenario, name: `cold: ${TENANTS} tenants over ${KEYS} keys, until every view is ready`, value: coldMs, unit: 'ms' }),
      figure({ scenario, name: `heap per credential list (${MODELS_PER_KEY} models, with its share of the lineups)`, value: perList, unit: 'bytes' }),
      figure({ scenario, name: 'heap per tenant view (its keys held as secrets)', value: perView, unit: 'bytes' }),
    ];
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}
