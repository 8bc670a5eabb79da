import { LRUCache } from 'lru-cache';
import { do_not_optimize } from 'mitata';
import { benchManager } from '../lib/benchManager.js';
import { figure } from '../lib/figures.js';
import { realisticCatalog } from '../lib/ids.js';
import { bytesPerCall, compareNs } from '../lib/timing.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */
/** @typedef {import('../lib/timing.js').Budget} Budget */

const scenario = 'hit';
/** @type {import('../lib/figures.js').Target} */
const NO_ALLOCATION = { on: 'bytes/call', op: '<=', limit: 1 };

/**
 * `validScopedModels()` with no query on a warm null-sentinel cache, next to a plain property
 * read of the same list; and what a hit allocates. Runs in a process of its own, so the
 * manager's call into its cache has seen one strategy only, as in an application.
 * @param {{ budget: Budget }} context
 * @returns {Promise<Figure[]>}
 */
export async function hitNullSentinel({ budget }) {
  const { container, manager } = await benchManager(realisticCatalog(1_000), { strategy: 'null-sentinel' });
  // Both bodies pick their receiver from a two-slot array the loop alternates over, so V8
  // cannot hoist the read out of the loop (a hoisted load measures only the loop itself).
  const holders = [{ models: manager.validScopedModels() }, { models: manager.validScopedModels() }];
  const managers = [manager, manager];
  let a = 0;
  let b = 0;
  const propertyRead = () => do_not_optimize(holders[(a ^= 1)].models);
  const hit = () => do_not_optimize(managers[(b ^= 1)].validScopedModels());
  const ns = await compareNs({ propertyRead, hit }, budget);
  const bytes = { propertyRead: await bytesPerCall(propertyRead), hit: await bytesPerCall(hit) };
  await container.unbindAllAsync();
  return [
    figure({ scenario, name: 'null-sentinel hit', value: ns.hit, unit: 'ns/call', baseline: 'property read', baselineValue: ns.propertyRead, target: { op: '<=', limit: 5 } }),
    figure({ scenario, name: 'null-sentinel hit: heap growth over 10^6 calls', value: bytes.hit, unit: 'bytes/call', baseline: 'property read', baselineValue: bytes.propertyRead, target: NO_ALLOCATION }),
  ];
}

/**
 * The same with the LRU strategy, next to a raw lru-cache `get` of the same list.
 * @param {{ budget: Budget }} context
 * @returns {Promise<Figure[]>}
 */
export async function hitLru({ budget }) {
  const { container, manager } = await benchManager(realisticCatalog(1_000), { strategy: 'lru' });
  const raw = new LRUCache({ max: 256 });
  raw.set('*', manager.validScopedModels());
  const rawGet = () => do_not_optimize(raw.get('*'));
  const hit = () => do_not_optimize(manager.validScopedModels());
  const ns = await compareNs({ rawGet, hit }, budget);
  const bytes = { rawGet: await bytesPerCall(rawGet), hit: await bytesPerCall(hit) };
  await container.unbindAllAsync();
  return [
    figure({ scenario, name: 'LRU hit', value: ns.hit, unit: 'ns/call', baseline: 'raw lru-cache get', baselineValue: ns.rawGet, target: { op: '<=', limit: 2 } }),
    figure({ scenario, name: 'LRU hit: heap growth over 10^6 calls', value: bytes.hit, unit: 'bytes/call', baseline: 'raw lru-cache get', baselineValue: bytes.rawGet, target: NO_ALLOCATION }),
  ];
}

/** @type {Readonly<Record<'providers' | 'facts', { name: string, query: import('../../dist/index.js').ModelQuery }>>} */
const KEPT_QUERIES = {
  providers: { name: 'providers (3 of 9)', query: { providers: ['openrouter', 'openai', 'anthropic'] } },
  facts: { name: 'capabilities + minContextWindow', query: { capabilities: ['vision', 'tools'], minContextWindow: 128_000 } },
};

/**
 * One kind of query on a warm LRU cache, with one kept query object (as a tenant's view or a
 * route's filter keeps it), next to a plain LRU hit (no query) in the same run; and what a hit
 * allocates. Each kind runs in a process of its own, like the strategies above.
 * @param {'providers' | 'facts'} kind
 * @returns {(context: { budget: Budget }) => Promise<Figure[]>}
 */
export function hitQuery(kind) {
  const { name, query } = KEPT_QUERIES[kind];
  return async ({ budget }) => {
    const { container, manager } = await benchManager(realisticCatalog(1_000), { strategy: 'lru' });
    if (manager.validScopedModels(query).length === 0) throw new Error(`the ${name} query matched no model`);
    const plain = () => do_not_optimize(manager.validScopedModels());
    const hit = () => do_not_optimize(manager.validScopedModels(query));
    const ns = await compareNs({ plain, hit }, budget);
    const bytes = { plain: await bytesPerCall(plain), hit: await bytesPerCall(hit) };
    await container.unbindAllAsync();
    return [
      figure({ scenario, name: `query hit: ${name}`, value: ns.hit, unit: 'ns/call', baseline: 'LRU hit, no query', baselineValue: ns.plain, target: { op: '<=', limit: 2 } }),
      figure({ scenario, name: `query hit: heap growth over 10^6 calls (${name})`, value: bytes.hit, unit: 'bytes/call', baseline: 'LRU hit, no query', baselineValue: bytes.plain, target: NO_ALLOCATION }),
    ];
  };
}
