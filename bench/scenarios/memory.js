import { getHeapStatistics } from 'node:v8';
import { do_not_optimize } from 'mitata';
import { createContainer, TYPES } from '../../dist/index.js';
import { figure } from '../lib/figures.js';
import { realisticCatalog, scopedIds } from '../lib/ids.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */
/** @typedef {import('../../dist/index.js').ProviderManager} ProviderManager */
/** @typedef {import('../../dist/index.js').ModelCommandCompleter} ModelCommandCompleter */

const SIZE = 100_000;

/**
 * A provider answering from a JSON text, as an HTTP adapter would: fresh objects on every call.
 */
class JsonProvider {
  /** @param {string} name @param {string} json */
  constructor(name, json) {
    this.name = name;
    this.json = json;
  }

  /** @param {AbortSignal} signal */
  listModels(signal) {
    signal.throwIfAborted();
    return Promise.resolve(JSON.parse(this.json));
  }
}

/** The used V8 heap after a full collection, in bytes. */
function heapAfterGc() {
  const collect = /** @type {() => void} */ (globalThis.gc);
  collect();
  collect();
  return getHeapStatistics().used_heap_size;
}

/**
 * The heap that what `make` returns takes, in bytes.
 * @param {() => unknown} make
 */
function heapOf(make) {
  const before = heapAfterGc();
  const made = make();
  const after = heapAfterGc();
  do_not_optimize(made);
  return after - before;
}

/**
 * Heap bytes per cached id at 100k ids (everything the manager keeps after a discovery and a
 * read), next to an array of the same id strings; and the completion index on top of that.
 * @returns {Promise<Figure[]>}
 */
export async function memoryScenario() {
  const catalog = realisticCatalog(SIZE);
  // The provider answers and the flat ids exist as JSON text first, so that only what is
  // built from them is counted.
  const answers = [...catalog].map(([name, ids]) => ({ name, json: JSON.stringify(ids.map((id) => ({ id }))) }));
  const flat = JSON.stringify(scopedIds(catalog));

  const stringBytes = heapOf(() => JSON.parse(flat));
  const beforeManager = heapAfterGc();
  const container = createContainer({ env: 'test' });
  for (const { name, json } of answers) container.bind(TYPES.ModelProvider).toConstantValue(new JsonProvider(name, json));
  /** @type {ProviderManager} */
  const manager = container.get(TYPES.ProviderManager);
  await manager.ready();
  await manager.discoverModels();
  const count = manager.validScopedModels().length;
  const managerBytes = heapAfterGc() - beforeManager;

  /** @type {ModelCommandCompleter} */
  const completer = container.get(TYPES.ModelCommandCompleter);
  // A query through every tier and the fuzzy scan builds the whole index.
  completer.complete('/model zqxjzqxj');
  const indexBytes = heapAfterGc() - beforeManager - managerBytes;
  await container.unbindAllAsync();
  if (count !== SIZE) throw new Error(`expected ${SIZE} valid ids, got ${count}`);

  const scenario = 'memory';
  return [
    figure({ scenario, name: `heap per cached id, ${SIZE / 1000}k ids (manager after a discovery and a read)`, value: managerBytes / SIZE, unit: 'bytes/id', baseline: 'an array of the same id strings', baselineValue: stringBytes / SIZE, target: { op: '<=', limit: 4 } }),
    figure({ scenario, name: `completion index on top, all tiers built, ${SIZE / 1000}k ids`, value: indexBytes / SIZE, unit: 'bytes/id', baseline: 'an array of the same id strings', baselineValue: stringBytes / SIZE }),
  ];
}
