import { do_not_optimize } from 'mitata';
import { benchManager } from '../lib/benchManager.js';
import { figure } from '../lib/figures.js';
import { realisticCatalog, scopedIds, seededRandom } from '../lib/ids.js';
import { compareNs } from '../lib/timing.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */
/** @typedef {import('../lib/timing.js').Budget} Budget */

const SIZE = 10_000;
const PROVIDERS = ['openai', 'anthropic', 'openrouter', 'ollama', 'together'];

/**
 * Rebuilding the list for 10k models across 5 providers (a read after an invalidation), next to
 * sorting the same 10k strings once; and a read with a query next to the no-query read. With
 * the LRU strategy, the one bound where many distinct queries are served.
 * @param {{ budget: Budget }} context
 * @returns {Promise<Figure[]>}
 */
export async function missScenario({ budget }) {
  const catalog = realisticCatalog(SIZE, { providers: PROVIDERS });
  const shuffled = shuffle(scopedIds(catalog));
  const { container, manager, cache } = await benchManager(catalog, { strategy: 'lru' });
  const query = { providers: ['ollama', 'openai'] };

  const ns = await compareNs(
    {
      sort: () => do_not_optimize(shuffled.slice().sort()),
      rebuild: () => {
        cache.invalidate();
        do_not_optimize(manager.validScopedModels());
      },
    },
    budget,
  );
  const hits = await compareNs(
    {
      plain: () => do_not_optimize(manager.validScopedModels()),
      query: () => do_not_optimize(manager.validScopedModels(query)),
    },
    budget,
  );
  await container.unbindAllAsync();

  const scenario = 'miss';
  return [
    figure({ scenario, name: `rebuild ${SIZE / 1000}k ids across ${PROVIDERS.length} providers (read after invalidate)`, value: ns.rebuild / 1000, unit: 'µs', baseline: `sort the same ${SIZE / 1000}k strings once`, baselineValue: ns.sort / 1000 }),
    figure({ scenario, name: `LRU hit with { providers: ${JSON.stringify(query.providers)} }`, value: hits.query, unit: 'ns/call', baseline: 'LRU hit, no query', baselineValue: hits.plain }),
  ];
}

/**
 * A copy of `items` in a seeded random order (Fisher–Yates), so sorting it is real work.
 * @param {readonly string[]} items
 */
function shuffle(items) {
  const random = seededRandom(7);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [/** @type {string} */ (copy[j]), /** @type {string} */ (copy[i])];
  }
  return copy;
}
