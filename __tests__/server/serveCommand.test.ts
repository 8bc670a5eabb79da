import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startOpenAiServer, type OpenAiServer } from '../helpers/fakeProviderServer.js';
import { until } from './handlerServer.js';

const MAIN = resolve('dist/cli/main.js');

/** `scoped-models serve` as a child process, its stderr read line by line. */
class ServeProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;

  constructor(args: string[], options: { cwd: string; env: Record<string, string> }) {
    this.#child = spawn(process.execPath, [MAIN, 'serve', ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: options.cwd, XDG_CACHE_HOME: join(options.cwd, 'cache'), NODE_ENV: 'development', ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let partial = '';
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.exited = new Promise((done) => this.#child.on('exit', (code, signal) => done({ code, signal })));
  }

  /** Waits for a log line matching `pattern`; returns its match. */
  async line(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    await until(() => this.lines.some((line) => pattern.test(line)), timeoutMs).catch(() => {
      throw new Error(`no line matched ${String(pattern)}; got:\n${this.lines.join('\n')}`);
    });
    return this.lines.find((line) => pattern.test(line))!.match(pattern)!;
  }

  /** The origin from the first log line. */
  async url(): Promise<string> {
    return (await this.line(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}

let dir: string;
const processes: ServeProcess[] = [];
const fakes: OpenAiServer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scoped-models-serve-'));
});

afterEach(async () => {
  for (const child of processes.splice(0)) child.kill('SIGKILL');
  await Promise.all(fakes.splice(0).map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

function serve(args: string[], config: unknown, env: Record<string, string> = {}): ServeProcess {
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const child = new ServeProcess(['--port', '0', '--config', 'config.json', ...args], { cwd: dir, env });
  processes.push(child);
  return child;
}

const staticConfig = {
  providers: [
    { name: 'openai', type: 'static', models: [{ id: 'gpt-4o', displayName: 'GPT-4o' }] },
    { name: 'ollama', type: 'static', models: ['llama3.1:8b'] },
  ],
  serve: { adminTokenEnv: 'SM_ADMIN_TOKEN' },
};

describe('scoped-models serve', () => {
  describe('when started with a configuration', () => {
    it('should serve the routes, log one line per request, and exit 0 on SIGTERM after ending event streams', async () => {
      const child = serve([], staticConfig, { SM_ADMIN_TOKEN: 'tok' });
      const url = await child.url();
      await child.line(/discovery: 2 of 2 providers answered, 2 models/);

      const list = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
      const refresh = await fetch(`${url}/v1/models/refresh`, { method: 'POST', headers: { authorization: 'Bearer tok' } });
      const missing = await fetch(`${url}/v1/models/openai%2Fo3?x=1`);
      let streamEnded = false;
      await new Promise<void>((opened) => {
        get(`${url}/v1/models/events`, (res) => {
          res.once('data', () => opened());
          res.on('end', () => {
            streamEnded = true;
          });
        }).on('error', () => {});
      });
      await child.line(/^POST \/v1\/models\/refresh 200 \d+(\.\d)? ms$/);
      child.kill('SIGTERM');
      const exit = await child.exited;

      expect(list.data.map((model) => model.id)).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
      expect(refresh.status).toBe(200);
      expect(missing.status).toBe(404);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(streamEnded).toBe(true);
      expect(child.lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^GET \/v1\/models 200 \d+(\.\d)? ms$/),
          expect.stringMatching(/^GET \/v1\/models\/openai%2Fo3 404 \d+(\.\d)? ms$/),
          expect.stringMatching(/^GET \/v1\/models\/events 200 \d+(\.\d)? ms$/),
          'scoped-models: SIGTERM: no longer accepting; finishing requests in flight',
          'scoped-models: stopped',
        ]),
      );
      expect(child.lines.join('\n')).not.toContain('tok');
    });
  });

  describe('when SIGINT arrives while a refresh is in flight', () => {
    it('should finish the refresh and then exit 0', async () => {
      const fake = await startOpenAiServer({ models: ['qwen2.5:7b'], delayMs: 300 });
      fakes.push(fake);
      const child = serve(['--admin-token-env', 'SM_ADMIN_TOKEN'], { providers: [{ name: 'local', type: 'openai-compatible', baseUrl: fake.baseUrl }] }, { SM_ADMIN_TOKEN: 'tok' });
      const url = await child.url();
      await child.line(/discovery: 1 of 1 providers answered, 1 models/);

      const refresh = fetch(`${url}/v1/models/refresh`, { method: 'POST', headers: { authorization: 'Bearer tok' } });
      await until(() => fake.modelRequests === 2);
      child.kill('SIGINT');
      const response = await refresh;
      const exit = await child.exited;

      expect(response.status).toBe(200);
      expect(((await response.json()) as { providers: { status: string }[] }).providers[0]!.status).toBe('ok');
      expect(exit).toEqual({ code: 0, signal: null });
    });
  });
});
