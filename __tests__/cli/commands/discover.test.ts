import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Deferred } from '../../helpers/Deferred.js';
import { ManualClock } from '../../helpers/ManualClock.js';
import { sendJson, startFakeServer, startOpenAiServer, type FakeServer, type OpenAiServer } from '../../helpers/fakeProviderServer.js';
import { compatibleConfig, EXAMPLE_CONFIG, FakeIo, runCli, TempDir, trackRuns } from '../cliHarness.js';

/** Runs a test starts without awaiting at once: ended after each test, even one whose assertion failed first. */
const track = trackRuns();

/** Durations vary from run to run: `12 ms` and `1.5 s` become `N ms`, and the TIME column's padding goes. */
const timeless = (text: string): string =>
  text
    .replace(/\d+(\.\d+)? m?s\b/g, 'N ms')
    .replace(/ {2,}N ms$/gm, '  N ms')
    .replace(/ {2,}TIME$/gm, '  TIME');

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('scoped-models discover', () => {
  const dir = new TempDir();
  let server: OpenAiServer;
  let broken: FakeServer;
  beforeAll(async () => {
    server = await startOpenAiServer({ models: ['alpha-1', 'beta-2'] });
    broken = await startFakeServer((_req, res) => sendJson(res, 401, { error: { message: 'bad key sk-secret' } }));
  });
  afterAll(async () => {
    await server.close();
    await broken.close();
    dir.remove();
  });

  describe('when not on a terminal', () => {
    it('should print a plain line per provider, then the table, and exit 0', async () => {
      const result = await runCli(['discover', '--config', EXAMPLE_CONFIG]);
      expect(result.code).toBe(0);
      const [first, ...rest] = timeless(result.stdout).split('\n');
      expect(first).toBe('discovering anthropic, ollama, openai, openrouter');
      // Providers finish in any order; each line comes as its provider finishes.
      expect(rest.slice(0, 4).sort()).toEqual([
        'anthropic: 3 models (+0 -0) in N ms',
        'ollama: 3 models (+0 -0) in N ms',
        'openai: 4 models (+0 -0) in N ms',
        'openrouter: 2 models (+0 -0) in N ms',
      ]);
      expect(rest.slice(4).join('\n')).toBe(
        [
          '',
          'PROVIDER    STATUS  MODELS  ADDED  REMOVED  TIME',
          'anthropic   ok           3      0        0  N ms',
          'ollama      ok           3      0        0  N ms',
          'openai      ok           4      0        0  N ms',
          'openrouter  ok           2      0        0  N ms',
          '',
          '4 of 4 providers answered; 12 models known, in N ms',
          '',
        ].join('\n'),
      );
    });

    it('should show what failed and still exit 0 when one provider answered', async () => {
      const file = dir.write('half.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }, { name: 'locked', baseUrl: `${broken.url}/v1` }]));
      const result = await runCli(['discover', '--config', file]);
      expect(result.code).toBe(0);
      const out = timeless(result.stdout);
      expect(out).toMatch(/^lab: 2 models \(\+2 -0\) in N ms$/m);
      expect(out).toMatch(/^locked: failed after N ms: .*401/m);
      expect(out).toMatch(/^lab +ok +2 +2 +0 +N ms$/m);
      expect(out).toMatch(/^locked +failed +0 +0 +0 +N ms$/m);
      expect(out).toMatch(/^failed: locked: .*401/m);
      expect(out).toMatch(/^1 of 2 providers answered; 2 models known/m);
      expect(result.stdout + result.stderr).not.toContain('sk-secret');
    });

    describe('when a provider that listed models answers an empty list', () => {
      it('should hold it back once and say so; --accept-empty commits it at once', async () => {
        const shrinking = await startOpenAiServer({ models: ['alpha-1', 'beta-2'] });
        try {
          const file = dir.write('shrinking.json', compatibleConfig([{ name: 'lab', baseUrl: shrinking.baseUrl }]));
          // One cache folder for every run: the CLI keeps its catalog there between runs.
          const cache = { XDG_CACHE_HOME: dir.path };
          expect((await runCli(['discover', '--config', file], new FakeIo({ env: cache }))).code).toBe(0);
          shrinking.setModels([]);
          const held = await runCli(['discover', '--config', file], new FakeIo({ env: cache }));
          expect(held.stdout).toContain('empty answer held back; last list had 2 models');
          expect(held.stdout).toMatch(/^lab +failed +2 +0 +0 /m);
          const accepted = await runCli(['discover', '--accept-empty', '--config', file], new FakeIo({ env: cache }));
          expect(accepted.code).toBe(0);
          expect(accepted.stdout).toMatch(/^lab +ok +0 +0 +2 /m);
        } finally {
          await shrinking.close();
        }
      });
    });

    it('should exit 1 when every provider failed', async () => {
      const file = dir.write('locked.json', compatibleConfig([{ name: 'locked', baseUrl: `${broken.url}/v1` }]));
      const result = await runCli(['discover', '--config', file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/0 of 1 provider answered/);
    });

    it('should exit 1 when no provider could be tried (all without keys or disabled)', async () => {
      const file = dir.write('untried.json', {
        providers: [
          { name: 'openai', type: 'openai', baseUrl: server.baseUrl, apiKeyEnv: 'SCOPED_TEST_MISSING_KEY' },
          { name: 'off', type: 'static', models: ['x'], enabled: false },
        ],
      });
      const result = await runCli(['discover', '--config', file], new FakeIo({ env: {} }));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^openai +skipped/m);
      expect(result.stdout).toMatch(/^off +skipped/m);
      expect(result.stdout).toMatch(/skipped: openai: no API key/);
    });

    it('should discover only the providers named', async () => {
      const file = dir.write('two.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }, { name: 'locked', baseUrl: `${broken.url}/v1` }]));
      const result = await runCli(['discover', 'lab', '--config', file]);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/locked/);
    });

    it('should exit 2 for a provider that is not configured', async () => {
      const result = await runCli(['discover', 'nope', '--config', EXAMPLE_CONFIG]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/unknown provider "nope"/);
    });

    it('should exit 2 with how to configure providers when there are none', async () => {
      const result = await runCli(['discover'], new FakeIo({ cwd: dir.path, env: {} }));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no providers are configured/);
    });

    it('should exit 2 for a bad configuration', async () => {
      const result = await runCli(['discover', '--config', dir.write('bad.json', '{"providers": [,]}')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/not valid JSON/);
    });

    it('should print the report as JSON with --json', async () => {
      const file = dir.write('json.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }, { name: 'locked', baseUrl: `${broken.url}/v1` }]));
      const result = await runCli(['discover', '--config', file, '--json']);
      const report = JSON.parse(result.stdout) as { providers: { name: string; status: string; models: number; added: string[] }[] };
      expect(report.providers.map(({ name, status, models }) => ({ name, status, models }))).toEqual([
        { name: 'lab', status: 'ok', models: 2 },
        { name: 'locked', status: 'failed', models: 0 },
      ]);
      expect(report.providers[0]!.added).toEqual(['lab/alpha-1', 'lab/beta-2']);
    });
  });

  describe('when on a terminal', () => {
    it('should turn a spinner on each provider line while it is asked, then show its result', async () => {
      const answer = new Deferred<void>();
      const slow = await startFakeServer(async (_req, res) => {
        await answer.promise;
        sendJson(res, 200, { object: 'list', data: [{ id: 'm1', object: 'model' }] });
      });
      try {
        const file = dir.write('slow.json', compatibleConfig([{ name: 'slow', baseUrl: `${slow.url}/v1` }]));
        const clock = new ManualClock();
        const io = new FakeIo({ tty: true, columns: 60 });
        const run = track(io, runCli(['discover', '--config', file], io, clock));
        await until(() => slow.requests.length === 1, 'the request');
        expect(io.stdout.text).toContain('\u001b[?25l\r\u001b[2K⠋ slow  discovering…\n');
        clock.advance(80);
        expect(io.stdout.text).toContain('\u001b[1A\r\u001b[2K⠙ slow  discovering…');
        answer.resolve();
        const result = await run;
        expect(result.code).toBe(0);
        expect(timeless(result.stdout)).toContain('\r\u001b[2K✓ slow  1 model (+1 -0) in N ms\n');
        expect(result.stdout).toContain('\u001b[?25h');
        expect(clock.pendingTimers).toBe(0);
      } finally {
        await slow.close();
      }
    });
  });

  describe('when Ctrl-C is pressed during a slow provider', () => {
    it('should abort the request and exit 130', async () => {
      let closed = false;
      const hanging = await startFakeServer((req) => {
        req.on('close', () => (closed = true));
        return new Promise(() => {});
      });
      try {
        const file = dir.write('hang.json', compatibleConfig([{ name: 'hang', baseUrl: `${hanging.url}/v1` }]));
        const io = new FakeIo({ tty: true });
        const run = track(io, runCli(['discover', '--config', file], io, new ManualClock()));
        await until(() => hanging.requests.length === 1, 'the request');
        expect(io.interrupt()).toBe(true);
        const result = await run;
        expect(result.code).toBe(130);
        expect(result.stderr).toBe('scoped-models: discovery was interrupted (Ctrl-C)\n');
        expect(result.stdout).toContain('✗ hang  interrupted');
        expect(result.stdout).toContain('\u001b[?25h');
        await until(() => closed, 'the aborted request to close');
        expect(io.listening).toBe(0);
      } finally {
        await hanging.close();
      }
    });
  });
});
