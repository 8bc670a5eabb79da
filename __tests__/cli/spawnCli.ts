import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../helpers/cleanup.js';

/**
 * The built CLI the end-to-end tests run: `dist/cli/main.js` (`npm test` builds it first), or
 * `SCOPED_MODELS_CLI` when set (to try a build kept elsewhere).
 */
export function cliPath(): string {
  const path = process.env['SCOPED_MODELS_CLI'] ?? join(process.cwd(), 'dist', 'cli', 'main.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first (npm test does)`);
  return path;
}

/**
 * An environment without the caller's provider keys: only what node needs, and a cache folder
 * of its own (removed once the test file has run), so the CLI's persisted catalog never leaks
 * between tests or into the user's.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { XDG_CACHE_HOME: scratchDir('scoped-models-cache-') };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/** A finished child: its exit code (or signal) and what it printed. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `node dist/cli/main.js …`, with its output so far. */
export class CliChild {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly done: Promise<ChildResult>;

  constructor(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}) {
    this.child = spawn(process.execPath, [cliPath(), ...args], { cwd: options.cwd ?? process.cwd(), env: options.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`scoped-models ${args.join(' ')} did not exit within ${timeoutMs} ms; stdout: ${this.stdout}; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /** Waits until stdout matches `pattern` (bounded). */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout)) {
      if (Date.now() > deadline) throw new Error(`stdout never matched ${pattern}; it was: ${this.stdout}; stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Runs the built CLI to completion. */
export function spawnCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<ChildResult> {
  const child = new CliChild(args, options);
  child.child.stdin?.end(options.input ?? '');
  return child.done;
}

/** Writes an executable `scoped-models` into `dir` that runs the built CLI, for shells under test; returns its path. */
export function writeCliShim(dir: { write(name: string, content: unknown): string }): string {
  const shim = dir.write('scoped-models', `#!/bin/sh\nexec "${process.execPath}" "${cliPath()}" "$@"\n`);
  chmodSync(shim, 0o755);
  return shim;
}
