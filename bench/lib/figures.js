/**
 * One line of `bench/results.json`.
 * @typedef {object} Figure
 * @property {string} scenario hit | miss | completion | discovery | memory | instances | serve | tenants | cli-startup
 * @property {string} name what was measured
 * @property {number | null} value null when it could not be measured
 * @property {string} unit
 * @property {string | null} baseline what `value` is compared with, measured in the same run
 * @property {number | null} baselineValue in the same unit as `value`
 * @property {number | null} ratio value / baselineValue
 * @property {string | null} target a readable bound, e.g. "ratio <= 5"; null for information
 * @property {boolean | null} met null for information
 */

/**
 * A bound a figure must respect: on its ratio (the default) or on its value.
 * @typedef {object} Target
 * @property {'<=' | '>=' | '='} op
 * @property {number} limit
 * @property {string} [on] what is bounded: "ratio" (default) or a label for the value, e.g. "bytes/call"
 */

/** Rounds to 4 significant digits, so results.json stays readable. */
function round(/** @type {number} */ value) {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}

/**
 * Builds a figure; the ratio and whether the target is met follow from the numbers.
 * @param {object} spec
 * @param {string} spec.scenario
 * @param {string} spec.name
 * @param {number | null} spec.value
 * @param {string} spec.unit
 * @param {string | null} [spec.baseline]
 * @param {number | null} [spec.baselineValue]
 * @param {Target | null} [spec.target]
 * @returns {Figure}
 */
export function figure({ scenario, name, value, unit, baseline = null, baselineValue = null, target = null }) {
  const subject = target?.on ?? 'ratio';
  // A bound on the value itself (bytes per call near 0) makes a ratio meaningless.
  const ratio = subject === 'ratio' && value !== null && baselineValue !== null && baselineValue > 0 ? value / baselineValue : null;
  const bounded = subject === 'ratio' ? ratio : value;
  return {
    scenario,
    name,
    value: value === null ? null : round(value),
    unit,
    baseline,
    baselineValue: baselineValue === null ? null : round(baselineValue),
    ratio: ratio === null ? null : round(ratio),
    target: target === null ? null : `${subject} ${target.op} ${target.limit}`,
    met: target === null ? null : bounded === null ? false : meets(bounded, target),
  };
}

/**
 * A scenario that could not run here (a missing piece, an unreachable service): one line saying why.
 * @param {string} scenario
 * @param {string} reason
 * @returns {Figure}
 */
export function notAvailable(scenario, reason) {
  return { scenario, name: `not available: ${reason}`, value: null, unit: '', baseline: null, baselineValue: null, ratio: null, target: null, met: null };
}

/**
 * @param {number} value
 * @param {Target} target
 */
function meets(value, target) {
  switch (target.op) {
    case '<=':
      return value <= target.limit;
    case '>=':
      return value >= target.limit;
    case '=':
      return value === target.limit;
  }
}
