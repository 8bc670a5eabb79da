// `npm run bench` (or `npm run bench -- --quick`): every figure as a ratio to a baseline
// measured in this same run, printed as a table and written to bench/results.json
// (bench/results.quick.json, ignored by git, with --quick).
// Each job runs in a fresh child process, so no job inherits another's compiled code, type
// feedback or garbage.
import { fork } from 'node:child_process';
import { rename, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { parseArgs } from 'node:util';
import { figure } from './lib/figures.js';
import { resultsFile } from './lib/resultsFile.js';
import { markdownTable, textTable } from './lib/table.js';
import { since } from './lib/timing.js';
import { cliStartupScenario } from './scenarios/cli-startup.js';
import { completionScenario } from './scenarios/completion.js';
import { discoveryScenario } from './scenarios/discovery.js';
import { hitLru, hitNullSentinel, hitQuery } from './scenarios/hit.js';
import { instancesScenario } from './scenarios/instances.js';
import { memoryFactsScenario, memoryScenario } from './scenarios/memory.js';
import { missScenario } from './scenarios/miss.js';
import { serveScenario } from './scenarios/serve.js';
import { tenantsScenario } from './scenarios/tenants.js';

/** @typedef {import('./lib/figures.js').Figure} Figure */
/** @typedef {import('./lib/timing.js').Budget} Budget */
/** @typedef {{ quick: boolean, budget: Budget, log: (line: string) => void }} Context */

/** @type {Readonly<Record<string, { scenario: string, run: (context: Context) => Promise<Figure[]> }>>} */
const JOBS = {
  'hit/null-sentinel': { scenario: 'hit', run: hitNullSentinel },
  'hit/lru': { scenario: 'hit', run: hitLru },
  'hit/query-providers': { scenario: 'hit', run: hitQuery('providers') },
  'hit/query-facts': { scenario: 'hit', run: hitQuery('facts') },
  miss: { scenario: 'miss', run: missScenario },
  completion: { scenario: 'completion', run: completionScenario },
  discovery: { scenario: 'discovery', run: discoveryScenario },
  memory: { scenario: 'memory', run: memoryScenario },
  'memory/facts': { scenario: 'memory', run: memoryFactsScenario },
  instances: { scenario: 'instances', run: instancesScenario },
  serve: { scenario: 'serve', run: serveScenario },
  tenants: { scenario: 'tenants', run: tenantsScenario },
  'cli-startup': { scenario: 'cli-startup', run: cliStartupScenario },
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    job: { type: 'string' },
  },
});
const quick = values.quick;

if (values.job !== undefined) {
  await runJob(values.job);
} else {
  await runAll();
}

/**
 * In a child process: runs one job and sends its figures to the parent.
 * @param {string} id
 */
async function runJob(id) {
  const job = JOBS[id];
  if (job === undefined || process.send === undefined) throw new Error(`unknown job ${id}, or not started by bench/run.js`);
  /** @type {Budget} */
  const budget = quick ? { minCpuMs: 100, rounds: 1 } : { minCpuMs: 400, rounds: 3 };
  /** @type {{ figures: Figure[] } | { error: string }} */
  let outcome;
  try {
    outcome = { figures: await job.run({ quick, budget, log: (line) => process.stderr.write(`  ${line}\n`) }) };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  await new Promise((resolve, reject) => process.send?.(outcome, (error) => (error ? reject(error) : resolve(undefined))));
  // Anything a job left open (a socket, a timer) must not keep its process alive.
  process.exit(0);
}

/** Runs every job (or those `--only` names, by job or scenario) and reports. */
async function runAll() {
  const only = values.only?.split(',').map((name) => name.trim());
  const selected = Object.keys(JOBS).filter((id) => only === undefined || only.includes(id) || only.includes(JOBS[id]?.scenario ?? ''));
  if (selected.length === 0) {
    process.stderr.write(`--only matches no job; choose among ${Object.keys(JOBS).join(', ')}\n`);
    process.exit(2);
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`scoped-models bench${quick ? ' --quick' : ''}: Node ${process.version}, ${cpus().length} × ${cpu}\n`);

  /** @type {Figure[]} */
  const results = [];
  const started = performance.now();
  for (const id of selected) {
    const jobStart = performance.now();
    process.stderr.write(`${id}…\n`);
    try {
      results.push(...(await inChild(id)));
    } catch (error) {
      process.exitCode = 1;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${id} failed: ${message}\n`);
      results.push(figure({ scenario: JOBS[id]?.scenario ?? id, name: `failed: ${message}`, value: null, unit: '' }));
    }
    process.stderr.write(`${id} took ${(since(jobStart) / 1000).toFixed(1)} s\n`);
  }

  process.stdout.write(`\n${values.markdown ? markdownTable(results) : textTable(results)}\n\n`);
  const targeted = results.filter((result) => result.met !== null);
  const missed = targeted.filter((result) => result.met === false);
  process.stdout.write(`${targeted.length - missed.length} targets met, ${missed.length} missed; ${(since(started) / 1000).toFixed(1)} s\n`);

  const file = resultsFile({ quick, only });
  if (file !== undefined) {
    const path = fileURLToPath(new URL(file, import.meta.url));
    await writeFile(`${path}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
    await rename(`${path}.tmp`, path);
    process.stdout.write(`wrote ${path}\n`);
  } else {
    process.stdout.write('--only: bench/results.json left as it was\n');
  }
}

/**
 * Runs job `id` in a child process with `--expose-gc` (the memory figures collect on demand).
 * @param {string} id
 * @returns {Promise<Figure[]>}
 */
function inChild(id) {
  const script = fileURLToPath(import.meta.url);
  const child = fork(script, ['--job', id, ...(quick ? ['--quick'] : [])], { execArgv: ['--expose-gc', ...process.execArgv] });
  return new Promise((resolve, reject) => {
    /** @type {{ figures: Figure[] } | { error: string } | undefined} */
    let outcome;
    child.on('message', (message) => {
      outcome = /** @type {{ figures: Figure[] } | { error: string }} */ (message);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (outcome === undefined) reject(new Error(`the job's process ended (${signal ?? `exit code ${String(code)}`}) without results`));
      else if ('error' in outcome) reject(new Error(outcome.error));
      else resolve(outcome.figures);
    });
  });
}
