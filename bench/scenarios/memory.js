import { getHeapStatistics } from 'node:v8';
import { do_not_optimize } from 'mitata';
import { createContainer, TYPES } from '../../dist/index.js';
import { figure } from '../lib/figures.js';
import { realisticCatalog, scopedIds, seededRandom } from '../lib/ids.js';

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
  const { container, result: count, stringBytes, beforeManager, managerBytes, inputs } = await discoveredManager(
    catalog,
    (_name, ids) => ids.map((id) => ({ id })),
    (manager) => manager.validScopedModels().length,
  );

  /** @type {ModelCommandCompleter} */
  const completer = container.get(TYPES.ModelCommandCompleter);
  // A query through every tier and the fuzzy scan builds the whole index.
  completer.complete('/model zqxjzqxj');
  const indexBytes = heapAfterGc() - beforeManager - managerBytes;
  // Referenced after the last measurement, so the inputs' text is never counted as freed.
  if (inputs.length !== 2) throw new Error('an input went missing');
  await container.unbindAllAsync();
  if (count !== SIZE) throw new Error(`expected ${SIZE} valid ids, got ${count}`);

  const scenario = 'memory';
  return [
    figure({ scenario, name: `heap per cached id, ${SIZE / 1000}k ids (manager after a discovery and a read)`, value: managerBytes / SIZE, unit: 'bytes/id', baseline: 'an array of the same id strings', baselineValue: stringBytes / SIZE, target: { op: '<=', limit: 4 } }),
    figure({ scenario, name: `completion index on top, all tiers built, ${SIZE / 1000}k ids`, value: indexBytes / SIZE, unit: 'bytes/id', baseline: 'an array of the same id strings', baselineValue: stringBytes / SIZE }),
  ];
}

/**
 * A manager after one discovery of `catalog`, each provider answering `answerOf(name, ids)`, and
 * then `read(manager)`; with the heap it holds, the heap of the same ids as one array of strings,
 * and the heap before it was built. The answers exist as JSON text before and after the manager
 * is measured, so that only what is built from them is counted; a caller measuring more keeps
 * `inputs` (the answers' and the ids' text) referenced until it has.
 * @template T
 * @param {Map<string, string[]>} catalog
 * @param {(name: string, ids: string[]) => unknown} answerOf
 * @param {(manager: ProviderManager) => T} read
 */
async function discoveredManager(catalog, answerOf, read) {
  const answers = [...catalog].map(([name, ids]) => ({ name, json: JSON.stringify(answerOf(name, ids)) }));
  const flat = JSON.stringify(scopedIds(catalog));
  const stringBytes = heapOf(() => JSON.parse(flat));
  const beforeManager = heapAfterGc();
  const container = createContainer({ env: 'test' });
  for (const { name, json } of answers) container.bind(TYPES.ModelProvider).toConstantValue(new JsonProvider(name, json));
  /** @type {ProviderManager} */
  const manager = container.get(TYPES.ProviderManager);
  await manager.ready();
  await manager.discoverModels();
  const result = read(manager);
  const managerBytes = heapAfterGc() - beforeManager;
  return { container, result, stringBytes, beforeManager, managerBytes, inputs: [answers, flat] };
}

/** Which providers send which facts in their own list (as their real APIs do). */
const SENDS_FACTS = {
  openrouter: ['contextWindow', 'maxOutputTokens', 'pricing', 'inputModalities', 'outputModalities'],
  together: ['contextWindow', 'pricing'],
  lmstudio: ['contextWindow'],
  groq: ['contextWindow', 'maxOutputTokens'],
  gemini: ['contextWindow', 'maxOutputTokens'],
};
const CONTEXTS = [4_096, 8_192, 32_768, 65_536, 131_072, 200_000, 262_144, 1_048_576];
const PRICES = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.6, 0.9, 1.2, 2, 2.5, 3, 8, 10, 15];

/**
 * Each id of `ids` as a provider that sends facts would list it: a few distinct values, many
 * models sharing each (as real lists do), in fresh objects as parsed JSON would be.
 * @param {string} provider
 * @param {readonly string[]} ids
 */
function withFacts(provider, ids) {
  const random = seededRandom(7);
  const pick = (/** @type {readonly number[]} */ items) => items[Math.floor(random() * items.length)];
  const sends = SENDS_FACTS[/** @type {keyof typeof SENDS_FACTS} */ (provider)] ?? [];
  return ids.map((id) => {
    /** @type {Record<string, unknown>} */
    const model = { id };
    if (sends.includes('contextWindow')) model.contextWindow = pick(CONTEXTS);
    if (sends.includes('maxOutputTokens')) model.maxOutputTokens = pick([4_096, 8_192, 16_384, 32_768]);
    if (sends.includes('pricing')) model.pricing = { input: pick(PRICES), output: pick(PRICES) };
    if (sends.includes('inputModalities')) model.inputModalities = random() < 0.3 ? ['text', 'image'] : ['text'];
    if (sends.includes('outputModalities')) model.outputModalities = ['text'];
    return model;
  });
}

/**
 * Heap bytes per cached id at 100k ids when providers send facts as their real APIs do (and the
 * bundled catalog fills the rest), next to an array of the same id strings. A job of its own:
 * a manager measured after another one in the same process reads ~30% heavier, whatever it holds.
 * Its target is the plain figure's (≤ 4) times the 1.25 that facts may add.
 * @returns {Promise<Figure[]>}
 */
export async function memoryFactsScenario() {
  const catalog = realisticCatalog(SIZE);
  const { container, result, stringBytes, managerBytes, inputs } = await discoveredManager(catalog, withFacts, (manager) => ({
    count: manager.validScopedModels().length,
    known: manager.validScopedModels({ minContextWindow: 1 }).length,
  }));
  const { count, known } = result;
  if (inputs.length !== 2) throw new Error('an input went missing');
  await container.unbindAllAsync();
  if (count !== SIZE) throw new Error(`expected ${SIZE} valid ids, got ${count}`);
  return [
    figure({ scenario: 'memory', name: `heap per cached id with facts, ${SIZE / 1000}k ids (${Math.round((100 * known) / SIZE)}% with a context window)`, value: managerBytes / SIZE, unit: 'bytes/id', baseline: 'an array of the same id strings', baselineValue: stringBytes / SIZE, target: { op: '<=', limit: 5 } }),
  ];
}
