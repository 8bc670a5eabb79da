import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { figure } from '../lib/figures.js';
import { median } from '../lib/timing.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const CONFIG = join(ROOT, 'examples', 'scoped-models.config.json');

/**
 * What a shell's Tab costs: `scoped-models complete` started as the shell starts it, against a
 * bare `node -e 0` started the same way, alternating, each keeping its median wall time.
 * `--describe` (zsh's Tab, which also loads the models.dev catalog) and `list` (the whole program)
 * are shown for information.
 * @param {{ quick: boolean }} context
 * @returns {Promise<Figure[]>}
 */
export async function cliStartupScenario({ quick }) {
  const rounds = quick ? 7 : 21;
  // A cache folder of its own: the user's catalog file neither helps nor hinders.
  const cache = mkdtempSync(join(tmpdir(), 'scoped-models-bench-cache-'));
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', XDG_CACHE_HOME: cache };
  /** @type {Record<string, string[]>} */
  const commands = {
    node: ['-e', '0'],
    complete: [CLI, 'complete', '--config', CONFIG, 'gpt4o'],
    describe: [CLI, 'complete', '--config', CONFIG, '--describe', 'gpt4o'],
    list: [CLI, 'list', '--config', CONFIG],
  };
  /** @type {Record<string, number[]>} */
  const samples = { node: [], complete: [], describe: [], list: [] };
  try {
    for (let round = 0; round < rounds + 1; round += 1) {
      for (const [name, args] of Object.entries(commands)) {
        const started = performance.now();
        const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
        const ms = performance.now() - started;
        if (result.status !== 0) throw new Error(`${name} exited ${String(result.status)}: ${result.stderr.toString().trim()}`);
        // The first round warms the file system cache.
        if (round > 0) samples[name]?.push(ms);
      }
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  const node = median(samples['node'] ?? []);
  return [
    figure({ scenario: 'cli-startup', name: `scoped-models complete gpt4o (a shell's Tab), median of ${rounds}`, value: median(samples['complete'] ?? []), unit: 'ms', baseline: 'node -e 0', baselineValue: node, target: { op: '<=', limit: 3 } }),
    figure({ scenario: 'cli-startup', name: `scoped-models complete --describe gpt4o (zsh's Tab), median of ${rounds}`, value: median(samples['describe'] ?? []), unit: 'ms', baseline: 'node -e 0', baselineValue: node }),
    figure({ scenario: 'cli-startup', name: `scoped-models list (the whole program), median of ${rounds}`, value: median(samples['list'] ?? []), unit: 'ms', baseline: 'node -e 0', baselineValue: node }),
  ];
}
