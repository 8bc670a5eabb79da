import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { do_not_optimize, measure } from 'mitata';

/**
 * How long the bench spends on each measurement.
 * @typedef {object} Budget
 * @property {number} minCpuMs mitata's CPU time per measurement, in ms
 * @property {number} rounds how many times each comparison alternates subject and baseline
 */

/**
 * Nanoseconds per call of `fn`: the median of mitata's samples (for calls under 65 µs, each
 * sample is a batch of 4096 calls, unrolled in a loop compiled for this measurement alone).
 * `fn` must consume its result with `do_not_optimize`, or the optimizer may remove the work.
 * @param {() => unknown} fn
 * @param {Budget} budget
 * @returns {Promise<number>}
 */
export async function nsPerCall(fn, budget) {
  const stats = await measure(fn, { min_cpu_time: budget.minCpuMs * 1e6 });
  return stats.p50;
}

/**
 * Measures every function of `fns` `budget.rounds` times, alternating between them, and keeps
 * each one's best median: noise from other processes only ever adds time, so the least
 * disturbed round is the closest to the true cost, and alternating exposes each to the same
 * conditions.
 * @template {string} K
 * @param {Record<K, () => unknown>} fns
 * @param {Budget} budget
 * @returns {Promise<Record<K, number>>}
 */
export async function compareNs(fns, budget) {
  const names = /** @type {K[]} */ (Object.keys(fns));
  const best = /** @type {Record<K, number>} */ (Object.fromEntries(names.map((name) => [name, Infinity])));
  for (let round = 0; round < budget.rounds; round++) {
    for (const name of names) best[name] = Math.min(best[name], await nsPerCall(fns[name], budget));
  }
  return best;
}

/** Batches of 4096 calls that make up 10^6 calls (245 × 4096 = 1 003 520). */
const HEAP_BATCHES = 245;

/**
 * Bytes allocated per call of `fn`: the V8 heap's growth over each batch of 4096 calls, over
 * about 10^6 calls, averaged over the batches that no garbage collection interrupted.
 * @param {() => unknown} fn
 * @returns {Promise<number>}
 */
export async function bytesPerCall(fn) {
  const stats = await measure(fn, {
    heap: () => getHeapStatistics().used_heap_size,
    min_samples: HEAP_BATCHES,
    max_samples: HEAP_BATCHES,
    min_cpu_time: 0,
  });
  return stats.heap?.avg ?? NaN;
}

/**
 * The duration of every call `fn(input)`, for each input, over `rounds` rounds, in µs; each
 * result's length is consumed so the call cannot be removed. Unrecorded calls on the first
 * `warmup` inputs (default all) run first.
 * @template T
 * @param {(input: T) => { length: number }} fn
 * @param {readonly T[]} inputs
 * @param {{ rounds: number, warmup?: number }} options
 * @returns {number[]}
 */
export function microsPerCall(fn, inputs, { rounds, warmup = inputs.length }) {
  for (const input of inputs.slice(0, warmup)) do_not_optimize(fn(input).length);
  /** @type {number[]} */
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    for (const input of inputs) {
      const start = performance.now();
      const result = fn(input);
      samples.push((performance.now() - start) * 1000);
      do_not_optimize(result.length);
    }
  }
  return samples;
}

/** The arithmetic mean; NaN for no samples. */
export function mean(/** @type {readonly number[]} */ samples) {
  return samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

/**
 * The `p`-th percentile (0–100), nearest rank.
 * @param {readonly number[]} samples
 * @param {number} p
 */
export function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The median. */
export function median(/** @type {readonly number[]} */ samples) {
  return percentile(samples, 50);
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(/** @type {number} */ start) {
  return performance.now() - start;
}
