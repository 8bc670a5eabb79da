/**
 * Where a run writes its figures, next to bench/run.js: a full run replaces the committed
 * `results.json`; a `--quick` run (fewer rounds, rougher figures) writes `results.quick.json`,
 * which git ignores; an `--only` run writes nothing.
 * @param {{ quick: boolean, only: readonly string[] | undefined }} run
 * @returns {string | undefined}
 */
export function resultsFile({ quick, only }) {
  if (only !== undefined) return undefined;
  return quick ? 'results.quick.json' : 'results.json';
}
