import { afterEach, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { registerServeCommand } from '../../src/cli/commands/serve.js';
import { createCli } from '../../src/cli/createCli.js';
import { FakeIo, TempDir, trackRuns } from '../cli/cliHarness.js';
import { until } from './handlerServer.js';

/** serve runs until Ctrl-C: stopped after each test, even one whose assertion failed first. */
const track = trackRuns();
const dirs: TempDir[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

/** Starts `serve` in this process; resolves its exit code when the run ends. */
function startServe(args: string[], env: Record<string, string> = {}, serve: Record<string, unknown> = {}): { io: FakeIo; done: Promise<number> } {
  const dir = new TempDir();
  dirs.push(dir);
  dir.write('scoped-models.config.json', {
    providers: [{ name: 'openai', type: 'static', models: ['gpt-4o'] }],
    serve: { adminTokenEnv: 'SM_ADMIN_TOKEN', ...serve },
  });
  const io = new FakeIo({ cwd: dir.path, env: { XDG_CACHE_HOME: dir.path, ...env } });
  const cli = createCli(io);
  registerServeCommand(cli.program, cli.deps);
  return { io, done: track(io, cli.run(['node', 'scoped-models', 'serve', '--port', '0', ...args])) };
}

async function urlOf(io: FakeIo, pattern: RegExp): Promise<string> {
  await until(() => pattern.test(io.stderr.text), 5_000);
  return pattern.exec(io.stderr.text)![1]!;
}

describe('registerServeCommand', () => {
  describe('when serve runs until Ctrl-C', () => {
    it('should log each request and the discovery, then stop with exit code 0', async () => {
      const { io, done } = startServe([], { SM_ADMIN_TOKEN: 'tok' });
      const url = await urlOf(io, /listening on (http:\/\/127\.0\.0\.1:\d+)/);

      const refresh = await fetch(`${url}/v1/models/refresh`, { method: 'POST', headers: { authorization: 'Bearer tok' } });
      await until(() => /POST \/v1\/models\/refresh 200/.test(io.stderr.text) && /discovery: 1 of 1/.test(io.stderr.text));
      expect(io.listening).toBe(1);
      io.interrupt();

      expect(await done).toBe(0);
      expect(refresh.status).toBe(200);
      expect(io.stderr.text).toMatch(/, POST \/v1\/models\/refresh\)\n/);
      expect(io.stderr.text).toContain('scoped-models: SIGINT: no longer accepting; finishing requests in flight\nscoped-models: stopped\n');
      expect(io.listening).toBe(0);
    });
  });

  describe('when Prometheus scrapes it', () => {
    it('should answer /metrics, always on', async () => {
      const { io, done } = startServe([]);
      const url = await urlOf(io, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
      await until(() => /discovery: 1 of 1/.test(io.stderr.text));

      const response = await fetch(`${url}/metrics`);
      const text = await response.text();
      io.interrupt();

      expect(await done).toBe(0);
      expect(response.status).toBe(200);
      expect(text).toContain('scoped_models_models{provider="openai"} 1');
      expect(io.stderr.text).toContain('/healthz, /metrics');
    });
  });

  describe('when --json is given', () => {
    it('should write every log line as one JSON object', async () => {
      const { io, done } = startServe(['--json']);
      const url = await urlOf(io, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/);

      await fetch(`${url}/v1/models/openai%2Fgpt-4o`);
      await until(() => io.stderr.text.includes('"path"') && io.stderr.text.includes('"discovered"'));
      io.interrupt();
      expect(await done).toBe(0);

      const lines = io.stderr.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual(
        expect.arrayContaining([
          { event: 'warning', message: 'SM_ADMIN_TOKEN is not set, so POST /v1/models/refresh is off; set it to the admin token' },
          { event: 'listening', url },
          { event: 'discovered', providers: [{ name: 'openai', status: 'ok', models: 1 }] },
          { method: 'GET', path: '/v1/models/openai%2Fgpt-4o', status: 200, ms: expect.any(Number) },
          { event: 'stopping', signal: 'SIGINT' },
          { event: 'stopped' },
        ]),
      );
    });
  });

  describe('when connection bounds come from the config and the flags', () => {
    it('should close an idle connection after serve.headersTimeoutMs and refuse one over --max-connections', async () => {
      const { io, done } = startServe(['--max-connections', '1'], {}, { headersTimeoutMs: 100 });
      const url = new URL(await urlOf(io, /listening on (http:\/\/127\.0\.0\.1:\d+)/));
      const idle = connect(Number(url.port), '127.0.0.1');
      let answer = '';
      idle.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      await new Promise((resolve) => idle.once('connect', resolve));
      const extra = connect(Number(url.port), '127.0.0.1');
      try {
        await new Promise((resolve) => extra.on('close', resolve).on('error', () => undefined));
        await new Promise((resolve) => idle.on('close', resolve));
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      } finally {
        idle.destroy();
        extra.destroy();
        io.interrupt();
        expect(await done).toBe(0);
      }
    });
  });

  describe('when the arguments are wrong', () => {
    it.each([
      [['--port', 'http'], /--port must be a whole number from 0 to 65535, got "http"/],
      [['--admin-token-env', 'not-a-name'], /--admin-token-env must name an environment variable/],
      [['--admin-token-env', 'SM_UNSET'], /SM_UNSET is not set, so POST \/v1\/models\/refresh is off/],
      [['--tenant-header', 'x keys'], /--tenant-header must be an HTTP header name, got "x keys"/],
      [['--max-connections', '0'], /--max-connections must be a whole number above 0, got "0"/],
      [['--headers-timeout-ms', '1.5'], /--headers-timeout-ms must be a whole number above 0/],
      [['--keep-alive-timeout-ms', 'x'], /--keep-alive-timeout-ms must be a whole number above 0/],
    ])('should exit 2 for %j', async (args, message) => {
      const { io, done } = startServe(args);

      expect(await done).toBe(2);
      expect(io.stderr.text).toMatch(message);
    });

    it('should exit 1 with a hint when the port is taken', async () => {
      const first = startServe([]);
      const url = await urlOf(first.io, /listening on (http:\/\/127\.0\.0\.1:\d+)/);

      const second = startServe(['--port', new URL(url).port]);

      expect(await second.done).toBe(1);
      expect(second.io.stderr.text).toMatch(/the address is in use; choose another --port or --host/);
      first.io.interrupt();
      expect(await first.done).toBe(0);
    });
  });
});
