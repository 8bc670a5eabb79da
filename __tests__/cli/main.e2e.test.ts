import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendJson, startFakeServer, startOpenAiServer, type FakeServer, type OpenAiServer } from '../helpers/fakeProviderServer.js';
import { compatibleConfig, CONTROL_CHARACTER, EXAMPLE_CONFIG, TempDir } from './cliHarness.js';
import { cleanEnv, CliChild, cliPath, spawnCli, writeCliShim } from './spawnCli.js';
import { itNeeding, tool } from '../helpers/requireTools.js';


describe('scoped-models (the built command, as a child process)', () => {
  const dir = new TempDir();
  let server: OpenAiServer;
  let broken: FakeServer;
  beforeAll(async () => {
    server = await startOpenAiServer({ models: ['alpha-1', 'beta-2', 'evil-\u001b[31m-3'] });
    broken = await startFakeServer((_req, res) => sendJson(res, 500, { error: { message: 'boom' } }));
  });
  afterAll(async () => {
    await server.close();
    await broken.close();
    dir.remove();
  });

  describe('list', () => {
    it('should print the example catalog and exit 0', async () => {
      const result = await spawnCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai']);
      expect(result).toEqual({
        code: 0,
        signal: null,
        stdout: 'openai/gpt-4o\nopenai/gpt-4o-mini\nopenai/o3\nopenai/text-embedding-3-small\n',
        stderr: '',
      });
    });

    it('should discover an HTTP provider first and drop what it cannot print safely', async () => {
      const file = dir.write('lab.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]));
      const result = await spawnCli(['list', '--config', file, '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(['lab/alpha-1', 'lab/beta-2']);
      expect(result.stdout + result.stderr).not.toMatch(CONTROL_CHARACTER);
    });

    it('should list the bad fields of a config and exit 2', async () => {
      const file = dir.write('bad.json', { providers: [{ name: 'a b', type: 'static', models: [] }], separator: '' });
      const result = await spawnCli(['list', '--config', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/providers\[0\]\.name \(provider "a b", line 4, column 7\): expected 1–64 letters/);
      expect(result.stderr).toMatch(/separator \(line 9, column 3\):/);
    });

    it('should say how to configure providers when there are none, and exit 2', async () => {
      const result = await spawnCli(['list'], { cwd: dir.path, env: cleanEnv() });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no providers are configured/);
    });

    it('should find providers in the environment when there is no config', async () => {
      const ollama = await startFakeServer((_req, res, request) =>
        request.path === '/api/tags'
          ? sendJson(res, 200, { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', details: { family: 'llama' } }] })
          : sendJson(res, 404, { error: 'not found' }),
      );
      try {
        const result = await spawnCli(['list'], { cwd: dir.path, env: cleanEnv({ OLLAMA_HOST: ollama.url }) });
        expect(result).toEqual({ code: 0, signal: null, stdout: 'ollama/llama3.2:latest\n', stderr: '' });
      } finally {
        await ollama.close();
      }
    });

    it('should stay alive while a provider is retried, and exit 1 when it still fails', async () => {
      const file = dir.write('retry.json', compatibleConfig([{ name: 'down', baseUrl: `${broken.url}/v1` }], { retries: 1 }));
      const result = await spawnCli(['list', '--config', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^scoped-models: failed: down: /m);
      expect(broken.requests.filter((request) => request.url === '/v1/models').length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('when the reader of stdout goes away (| head -1)', () => {
    it('should stop quietly with exit code 0', async () => {
      const models = Array.from({ length: 50_000 }, (_, i) => `model-${i}`);
      const file = dir.write('big.json', { providers: [{ name: 'big', type: 'static', models }] });
      const child = new CliChild(['list', '--config', file]);
      child.child.stdout?.once('data', () => child.child.stdout?.destroy());
      const result = await child.done;
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    });
  });

  describe('discover', () => {
    it('should print plain progress lines and the table, exit 0 when one provider answered', async () => {
      const file = dir.write('two.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }, { name: 'down', baseUrl: `${broken.url}/v1` }]));
      const result = await spawnCli(['discover', '--config', file]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^discovering down, lab$/m);
      expect(result.stdout).toMatch(/^lab: 2 models \(\+2 -0, 1 malformed entry dropped\) in \d+ ms$/m);
      expect(result.stdout).toMatch(/^PROVIDER +STATUS +MODELS +ADDED +REMOVED +TIME$/m);
      expect(result.stdout).toMatch(/^down +failed +0 +0 +0 +\d+ ms$/m);
      expect(result.stdout).not.toMatch(CONTROL_CHARACTER);
    });

    it('should exit 1 when every provider failed', async () => {
      const file = dir.write('down.json', compatibleConfig([{ name: 'down', baseUrl: `${broken.url}/v1` }]));
      expect((await spawnCli(['discover', '--config', file])).code).toBe(1);
    });

    it('should exit 130 when Ctrl-C arrives during a slow provider', async () => {
      const hanging = await startFakeServer(() => new Promise(() => {}));
      let child: CliChild | undefined;
      try {
        const file = dir.write('hang.json', compatibleConfig([{ name: 'hang', baseUrl: `${hanging.url}/v1` }]));
        child = new CliChild(['discover', '--config', file], { timeoutMs: 10_000 });
        await child.waitFor(/^discovering hang$/m);
        const deadline = Date.now() + 5_000;
        while (hanging.requests.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
        child.child.kill('SIGINT');
        const result = await child.done;
        expect(result.code).toBe(130);
        expect(result.stderr).toBe('scoped-models: discovery was interrupted (Ctrl-C)\n');
      } finally {
        // Still running when an assertion failed before the Ctrl-C: end it now, not at its own time limit.
        if (child !== undefined && child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
        await child?.done.catch(() => undefined);
        await hanging.close();
      }
    });
  });

  describe('complete', () => {
    it('should print ranked completions from what is known', async () => {
      const result = await spawnCli(['complete', '--config', EXAMPLE_CONFIG, 'gpt4o']);
      expect(result.stdout).toBe('openai/gpt-4o\nopenai/gpt-4o-mini\nopenrouter/openai/gpt-4o\n');
    });
  });

  describe('--version', () => {
    it('should print the package version', async () => {
      const { version } = JSON.parse(readFileSync(join(cliPath(), '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
      expect((await spawnCli(['--version'])).stdout).toBe(`${version}\n`);
    });
  });

  describe('completion bash', () => {
    itNeeding('should complete subcommands and model ids, ids with ":" included', [tool('bash', ['--version'])], () => {
      const bin = new TempDir();
      try {
        writeCliShim(bin);
        const complete = (line: string): string[] => {
          const words = line.split(' ');
          const script = [
            'source <(scoped-models completion bash)',
            `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=${line.length}`,
            // What bash itself would pass: words split at spaces and at ":".
            `COMP_WORDS=(${words.flatMap((word) => word.split(/(:)/)).filter((w) => w !== '').map((w) => JSON.stringify(w)).join(' ')})`,
            'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
            `[[ ${JSON.stringify(line)} == *" " ]] && COMP_WORDS+=("") && COMP_CWORD=$(( COMP_CWORD + 1 ))`,
            '_scoped_models',
            'printf "%s\\n" "${COMPREPLY[@]}"',
          ].join('\n');
          const result = spawnSync('bash', ['-c', script], { env: cleanEnv({ PATH: `${bin.path}:${process.env['PATH'] ?? ''}` }), encoding: 'utf8' });
          expect(result.stderr).toBe('');
          return result.stdout.split('\n').filter((entry) => entry !== '');
        };
        expect(complete('scoped-models di')).toEqual(['discover']);
        expect(complete('scoped-models completion ')).toEqual(['bash', 'zsh']);
        expect(complete('scoped-models list --l')).toEqual(['--long']);
        expect(complete(`scoped-models complete --config ${EXAMPLE_CONFIG} sonnet`)).toEqual(['anthropic/claude-sonnet-4-5']);
        expect(complete(`scoped-models complete --config ${EXAMPLE_CONFIG} ollama/llama3.1:`)).toEqual(['8b']);
      } finally {
        bin.remove();
      }
    });
  });

  describe('npm start', () => {
    it('should list the example catalog, print the discovery report and hint at the repl, with no network and no keys', () => {
      const result = spawnSync('npm', ['start', '--silent'], { cwd: process.cwd(), env: cleanEnv(), encoding: 'utf8' });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(result.stdout).toMatch(/^anthropic\/claude-haiku-4-5$/m);
      expect(result.stdout).toMatch(/^PROVIDER +STATUS +MODELS +ADDED +REMOVED +TIME$/m);
      expect(result.stdout).toMatch(/4 of 4 providers answered; 12 models known/);
      expect(result.stdout).toMatch(/Next, pick a model with Tab completion: .*repl --config examples\/scoped-models\.config\.json/);
    }, 30_000);
  });
});
