import { performance } from 'node:perf_hooks';
import uFuzzy from '@leeoniya/ufuzzy';
import { do_not_optimize } from 'mitata';
import { CompletionIndex } from '../../dist/completion/CompletionIndex.js';
import { ProviderIndexes } from '../../dist/completion/ProviderIndexes.js';
import { TYPES } from '../../dist/index.js';
import { benchManager } from '../lib/benchManager.js';
import { figure } from '../lib/figures.js';
import { TYPED_NAMES, keystrokes, realisticCatalog } from '../lib/ids.js';
import { mean, median, microsPerCall, percentile, since } from '../lib/timing.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */
/** @typedef {import('../lib/timing.js').Budget} Budget */
/** @typedef {import('../../dist/index.js').ModelCommandCompleter} ModelCommandCompleter */
/** @typedef {'prefix' | 'word' | 'fuzzy'} Kind */

const SIZES = [1_000, 10_000, 100_000];
/** The size at which the per-keystroke targets apply. */
const TARGET_SIZE = 100_000;
/** The size at which index builds are counted. */
const COUNT_SIZE = 10_000;
/** The completer's default limit, given to the baselines too. */
const LIMIT = 50;
/** Matches nothing: answered by one scan of the ids, with no index built. */
const NO_MATCH = 'zqxjzqxj';
/** Found in every provider's part, in fewer than LIMIT ids by prefix: the query reads every tier of every part. */
const EVERY_TIER = 'sonnet';
/** The completer reads this list (the container binds it for chat models). */
const CHAT = { capability: 'chat' };

/**
 * Completion per keystroke at 1k, 10k and 100k realistic ids, typing real names one character
 * at a time from the second on, next to a naive filter-then-sort and to uFuzzy; the index
 * rebuild next to one list rebuild; and how many times the index is rebuilt.
 * @param {{ quick: boolean, log: (line: string) => void }} context
 * @returns {Promise<Figure[]>}
 */
export async function completionScenario({ quick, log }) {
  const scenario = 'completion';
  /** @type {Figure[]} */
  const figures = [];
  for (const size of SIZES) {
    const started = performance.now();
    const { container, manager, cache } = await benchManager(realisticCatalog(size));
    /** @type {ModelCommandCompleter} */
    const completer = container.get(TYPES.ModelCommandCompleter);
    const ids = [...manager.validScopedModels(CHAT)];
    const lower = ids.map((id) => id.toLowerCase());
    const fuzzy = new uFuzzy();
    const label = `${size / 1000}k`;

    // Slow baselines at 100k take ms per keystroke: fewer rounds, shorter warm-up.
    const slowRounds = quick || size === TARGET_SIZE ? 1 : 3;
    for (const kind of /** @type {Kind[]} */ (['prefix', 'word', 'fuzzy'])) {
      const words = keystrokes(quick ? TYPED_NAMES[kind].slice(0, 3) : TYPED_NAMES[kind]);
      const ours = microsPerCall((word) => completer.complete(`/model ${word}`).items, words, { rounds: quick ? 5 : 30 });
      const naive = microsPerCall((word) => naiveComplete(ids, lower, word), words, { rounds: slowRounds, warmup: 5 });
      const ufuzzy = microsPerCall((word) => uFuzzyComplete(fuzzy, ids, word), words, { rounds: slowRounds, warmup: 5 });
      checkFinds(completer, kind, log);
      const targeted = size === TARGET_SIZE && kind !== 'fuzzy';
      const name = `${kind} query, ${label} ids`;
      figures.push(
        figure({ scenario, name: `${name}: mean per keystroke`, value: mean(ours), unit: 'µs', baseline: 'naive filter-then-sort', baselineValue: mean(naive), target: targeted ? { op: '<=', limit: 0.01 } : null }),
        figure({ scenario, name: `${name}: mean per keystroke`, value: mean(ours), unit: 'µs', baseline: 'uFuzzy search', baselineValue: mean(ufuzzy), target: targeted ? { op: '<=', limit: 0.02 } : null }),
        figure({ scenario, name: `${name}: p99 per keystroke`, value: percentile(ours, 99), unit: 'µs', baseline: 'naive filter-then-sort', baselineValue: percentile(naive, 99) }),
      );
    }

    const budgetMs = quick ? 500 : 4_000;
    const listRebuild = msPerRun(() => {
      cache.invalidate();
      do_not_optimize(manager.validScopedModels(CHAT));
    }, budgetMs);
    // The completer rebuilds only on a real change (a new generation), so the rebuild is timed
    // on the index it keeps (one part per provider), built from nothing: what a change of every
    // provider costs, the list read included. The index is built lazily, as queries reach it: the
    // target is on a word that reaches every tier of every part (the worst first keystroke).
    const indexRebuild = msPerRun(() => {
      cache.invalidate();
      do_not_optimize(new ProviderIndexes(manager.validScopedModels(CHAT), '/').search(EVERY_TIER, LIMIT));
    }, budgetMs);
    const noMatchRebuild = msPerRun(() => {
      cache.invalidate();
      do_not_optimize(new ProviderIndexes(manager.validScopedModels(CHAT), '/').search(NO_MATCH, LIMIT));
    }, budgetMs);
    // "op" (openai/…, openrouter/…) reads one two-character node of those two providers' parts:
    // the other parts are not built.
    const firstKeystroke = msPerRun(() => {
      cache.invalidate();
      do_not_optimize(new ProviderIndexes(manager.validScopedModels(CHAT), '/').search('op', LIMIT));
    }, budgetMs);
    // The same on one index over the whole list (how the completer worked before issue 15).
    const oneIndexKeystroke = msPerRun(() => {
      cache.invalidate();
      do_not_optimize(new CompletionIndex(manager.validScopedModels(CHAT), '/').search('op', LIMIT));
    }, budgetMs);
    // The completer keeps an index per provider: a change of one provider (the largest here,
    // the worst case) makes a new part for it, then the first keystroke reads the merged answer
    // (the new part is built only if that keystroke reaches it).
    const base = manager.validScopedModels(CHAT);
    const largest = largestProvider(base);
    const changed = [...base, `${largest}/zz-added-model`].sort();
    let previous = new ProviderIndexes(base, '/');
    previous.search('op', LIMIT);
    let flip = 0;
    const oneProvider = msPerRun(() => {
      previous = new ProviderIndexes(flip++ % 2 === 0 ? changed : base, '/', previous);
      do_not_optimize(previous.search('op', LIMIT));
    }, budgetMs);
    figures.push(
      figure({ scenario, name: `index rebuild when one provider (${largest}) of ${countProviders(base)} changes, ${label} ids, then the first keystroke "op"`, value: oneProvider, unit: 'ms', baseline: 'one list rebuild', baselineValue: listRebuild, target: size === TARGET_SIZE ? { op: '<=', limit: 3 } : null }),
      figure({ scenario, name: `index rebuild, ${label} ids: every provider changed, then "${EVERY_TIER}" (read through every tier of every part)`, value: indexRebuild, unit: 'ms', baseline: 'one list rebuild', baselineValue: listRebuild, target: { op: '<=', limit: 10 } }),
      figure({ scenario, name: `index rebuild, ${label} ids: every provider changed, then a word no id holds (one scan, nothing built)`, value: noMatchRebuild, unit: 'ms', baseline: 'one list rebuild', baselineValue: listRebuild }),
      figure({ scenario, name: `first keystroke "op" after a list change, ${label} ids (first tier only)`, value: firstKeystroke, unit: 'ms', baseline: 'one list rebuild', baselineValue: listRebuild }),
      figure({ scenario, name: `first keystroke "op" after a list change, ${label} ids, one index over the whole list`, value: oneIndexKeystroke, unit: 'ms', baseline: 'one list rebuild', baselineValue: listRebuild }),
    );
    if (size === COUNT_SIZE) figures.push(await countRebuilds(completer, manager, container));
    await container.unbindAllAsync();
    log(`${label}: ${(since(started) / 1000).toFixed(1)} s`);
  }
  return figures;
}

/**
 * Types, runs a discovery that changes nothing, types, runs one that adds a model, types: the
 * index should be rebuilt once, for the one change.
 * @param {ModelCommandCompleter} completer
 * @param {import('../../dist/index.js').ProviderManager} manager
 * @param {import('inversify').Container} container
 * @returns {Promise<Figure>}
 */
async function countRebuilds(completer, manager, container) {
  const words = keystrokes(TYPED_NAMES.word);
  const type = () => {
    for (const word of words) completer.complete(`/model ${word}`);
  };
  type();
  const before = completer.indexBuilds;
  type();
  await manager.discoverModels();
  type();
  /** @type {import('../lib/benchManager.js').BenchProvider[]} */
  const providers = container.getAll(TYPES.ModelProvider);
  const changed = /** @type {import('../lib/benchManager.js').BenchProvider} */ (providers[0]);
  changed.ids = [...changed.ids, 'bench-added-model'];
  await manager.discoverModels();
  type();
  const builds = completer.indexBuilds - before;
  return figure({
    scenario: 'completion',
    name: `index builds: ${3 * words.length} keystrokes, a discovery that changed nothing, one that added a model (${COUNT_SIZE / 1000}k ids)`,
    value: builds,
    unit: 'builds',
    baseline: 'list changes',
    baselineValue: 1,
    target: { op: '=', limit: 1 },
  });
}

/**
 * The median duration of `fn`, in ms: runs until `budgetMs` is spent (at least once, at most
 * 15 times); a first run under 100 ms is a warm-up and not recorded.
 * @param {() => void} fn
 * @param {number} budgetMs
 */
function msPerRun(fn, budgetMs) {
  const started = performance.now();
  /** @type {number[]} */
  const samples = [];
  let warm = false;
  while (samples.length === 0 || (samples.length < 15 && since(started) < budgetMs)) {
    const start = performance.now();
    fn();
    const elapsed = since(start);
    if (warm || elapsed >= 100) samples.push(elapsed);
    warm = true;
  }
  return median(samples);
}

/**
 * What a first implementation would do on each keystroke: scan every id for the typed text
 * (or, when none holds it, for its characters in order), then sort the matches (prefix
 * matches first, shorter first, then code-unit order) and keep the first `LIMIT`. The ids are
 * lower-cased once beforehand, which is already kinder than most.
 * @param {readonly string[]} ids
 * @param {readonly string[]} lower
 * @param {string} word
 * @returns {string[]}
 */
export function naiveComplete(ids, lower, word) {
  const typed = word.toLowerCase();
  /** @type {{ index: number, prefix: number }[]} */
  let matches = [];
  for (let index = 0; index < lower.length; index++) {
    const id = /** @type {string} */ (lower[index]);
    if (id.includes(typed)) matches.push({ index, prefix: id.startsWith(typed) ? 0 : 1 });
  }
  if (matches.length === 0) {
    matches = [];
    for (let index = 0; index < lower.length; index++) {
      if (isSubsequence(typed, /** @type {string} */ (lower[index]))) matches.push({ index, prefix: 1 });
    }
  }
  matches.sort((a, b) => {
    const left = /** @type {string} */ (ids[a.index]);
    const right = /** @type {string} */ (ids[b.index]);
    return a.prefix - b.prefix || left.length - right.length || (left < right ? -1 : left > right ? 1 : 0);
  });
  return matches.slice(0, LIMIT).map((match) => /** @type {string} */ (ids[match.index]));
}

/**
 * uFuzzy as its README uses it: `search` (filter, then rank when 1000 matches or fewer).
 * @param {uFuzzy} fuzzy
 * @param {string[]} ids
 * @param {string} word
 * @returns {string[]}
 */
function uFuzzyComplete(fuzzy, ids, word) {
  const [indexes, info, order] = fuzzy.search(ids, word);
  if (indexes === null) return [];
  if (info === null || order === null) return indexes.slice(0, LIMIT).map((index) => /** @type {string} */ (ids[index]));
  return order.slice(0, LIMIT).map((at) => /** @type {string} */ (ids[/** @type {number} */ (info.idx[at])]));
}

/** @param {string} needle @param {string} haystack */
function isSubsequence(needle, haystack) {
  let from = 0;
  for (const char of needle) {
    const at = haystack.indexOf(char, from);
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}

/**
 * Logs any typed name that finds nothing once complete: the figures would then time an
 * empty search, not a completion.
 * @param {ModelCommandCompleter} completer
 * @param {Kind} kind
 * @param {(line: string) => void} log
 */
function checkFinds(completer, kind, log) {
  for (const name of TYPED_NAMES[kind]) {
    if (completer.complete(`/model ${name}`).items.length === 0) log(`warning: "${name}" (${kind}) completes to nothing`);
  }
}

/**
 * The provider with the most ids in a scoped list.
 * @param {readonly string[]} ids
 * @returns {string}
 */
function largestProvider(ids) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const id of ids) {
    const provider = id.slice(0, id.indexOf('/'));
    counts.set(provider, (counts.get(provider) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/**
 * How many providers a scoped list holds.
 * @param {readonly string[]} ids
 * @returns {number}
 */
function countProviders(ids) {
  return new Set(ids.map((id) => id.slice(0, id.indexOf('/')))).size;
}
