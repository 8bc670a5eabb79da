/** @typedef {import('./figures.js').Figure} Figure */

const COLUMNS = ['scenario', 'name', 'value', 'baseline', 'ratio', 'target', 'met'];

/**
 * The cells of one figure, as text.
 * @param {Figure} figure
 * @returns {string[]}
 */
function cells(figure) {
  const value = figure.value === null ? '—' : `${format(figure.value)} ${figure.unit}`;
  const baseline = figure.baseline === null ? '' : `${figure.baseline}${figure.baselineValue === null ? '' : `: ${format(figure.baselineValue)} ${figure.unit}`}`;
  const met = figure.met === null ? '' : figure.met ? 'yes' : 'NO';
  return [figure.scenario, figure.name, value, baseline, figure.ratio === null ? '' : format(figure.ratio), figure.target ?? '', met];
}

/** A number with at most 3 decimals and no trailing zeros. */
function format(/** @type {number} */ value) {
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Number(value.toFixed(Math.abs(value) >= 1 ? 2 : 4)));
}

/**
 * The figures as an aligned plain-text table, for the terminal.
 * @param {readonly Figure[]} figures
 * @returns {string}
 */
export function textTable(figures) {
  const rows = [COLUMNS, ...figures.map(cells)];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (/** @type {string[]} */ row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(rows[0] ?? []), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * The figures as a Markdown table, for the README.
 * @param {readonly Figure[]} figures
 * @returns {string}
 */
export function markdownTable(figures) {
  const escape = (/** @type {string} */ cell) => cell.replaceAll('|', '\\|');
  const row = (/** @type {string[]} */ values) => `| ${values.map(escape).join(' | ')} |`;
  return [row(COLUMNS), row(COLUMNS.map(() => '---')), ...figures.map((figure) => row(cells(figure)))].join('\n');
}
