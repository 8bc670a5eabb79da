import { afterEach } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/CliIo.js';
import { registerCommands } from '../../src/cli/registerCommands.js';
import { createCli } from '../../src/cli/createCli.js';
import type { Clock } from '../../src/time/Clock.js';
import { scratchDir } from '../helpers/cleanup.js';

/** A stream that records what is written, and can claim to be a terminal. */
export class Capture extends PassThrough {
  text = '';
  isTTY: boolean;
  columns: number;

  constructor(tty = false, columns = 100) {
    super();
    this.isTTY = tty;
    this.columns = columns;
    this.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
  }
}

/** A {@link CliIo} over in-memory streams; `interrupt()` plays Ctrl-C. */
export class FakeIo implements CliIo {
  readonly stdin: PassThrough & { isTTY?: boolean };
  readonly stdout: Capture;
  readonly stderr = new Capture();
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly #listeners = new Set<() => void>();

  constructor(options: { env?: Record<string, string | undefined>; cwd?: string; tty?: boolean; columns?: number } = {}) {
    // A cache folder of its own unless the test gives one: the CLI persists its catalog there.
    const env = options.env ?? {};
    this.env = 'XDG_CACHE_HOME' in env ? { ...env } : { XDG_CACHE_HOME: scratchDir('scoped-models-cache-'), ...env };
    this.cwd = options.cwd ?? tmpdir();
    this.stdout = new Capture(options.tty ?? false, options.columns);
    this.stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  }

  onInterrupt(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ctrl-C: calls every listener; false when none was listening. */
  interrupt(): boolean {
    for (const listener of [...this.#listeners]) listener();
    return this.#listeners.size > 0;
  }

  get listening(): number {
    return this.#listeners.size;
  }
}

/** What a run printed and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scoped-models <args>` in this process, with every command registered as main.ts does. */
export async function runCli(args: readonly string[], io: FakeIo = new FakeIo(), clock?: Clock): Promise<CliResult> {
  const cli = createCli(io, { version: '9.9.9', ...(clock === undefined ? {} : { clock }) });
  registerCommands(cli.program, cli.deps);
  const code = await cli.run(['node', 'scoped-models', ...args]);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/**
 * Registers an `afterEach` that ends every in-process run the test started and waits for it, and
 * returns the function that tracks them: `const run = track(io, runCli(['repl'], io))`. A command
 * that waits for the user (serve, repl) would otherwise keep its server, or the CLI's keep-alive
 * timer, for ever once an assertion failed before the test stopped it.
 */
export function trackRuns(): <T>(io: FakeIo, run: Promise<T>) => Promise<T> {
  const runs: { io: FakeIo; run: Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const { io, run } of runs.splice(0)) await endRun(io, run);
  });
  return (io, run) => {
    runs.push({ io, run });
    return run;
  };
}

/** Ends a run as a user would (end of input, then Ctrl-C whenever it listens for one) and waits until it has ended. */
async function endRun(io: FakeIo, run: Promise<unknown>, timeoutMs = 5_000): Promise<void> {
  let ended = false;
  const settled = run.then(
    () => (ended = true),
    () => (ended = true),
  );
  io.stdin.end();
  const deadline = Date.now() + timeoutMs;
  while (!ended) {
    if (Date.now() > deadline) throw new Error(`an in-process run did not end within ${timeoutMs} ms of end of input and Ctrl-C`);
    if (io.listening > 0) io.interrupt();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await settled;
}

/** A temporary directory with files in it; `remove()` deletes it. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'scoped-models-cli-'));

  /** Writes `content` (JSON for an object) to `name` and returns its path. */
  write(name: string, content: unknown): string {
    const file = join(this.path, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** The example configuration of the repository: static providers, no network, no keys. */
export const EXAMPLE_CONFIG = join(process.cwd(), 'examples', 'scoped-models.config.json');

/** A config for one `openai-compatible` provider at `baseUrl`, without retries so failures are quick. */
export function compatibleConfig(providers: { name: string; baseUrl: string }[], discovery: Record<string, number> = {}): unknown {
  return {
    providers: providers.map(({ name, baseUrl }) => ({ name, type: 'openai-compatible', baseUrl })),
    discovery: { retries: 0, timeoutMs: 5_000, requestTimeoutMs: 5_000, ...discovery },
  };
}

/** Any C0 control but the newline, DEL, C1, or a bidi override: what must never reach a terminal raw. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
