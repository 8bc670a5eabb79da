import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { quickComplete } from '../../../src/cli/quick/quickComplete.js';
import { startOpenAiServer, type OpenAiServer } from '../../helpers/fakeProviderServer.js';
import { compatibleConfig, EXAMPLE_CONFIG, FakeIo, runCli, TempDir } from '../cliHarness.js';

/** What the quick path prints for `args`, or `undefined` when it hands over to the full command. */
function quick(args: readonly string[], io: FakeIo = new FakeIo()): { code: number; stdout: string } | undefined {
  const code = quickComplete(args, io);
  return code === undefined ? undefined : { code, stdout: io.stdout.text };
}

describe('quickComplete', () => {
  const dir = new TempDir();
  afterAll(() => dir.remove());

  describe('when the providers are fixed lists', () => {
    it.each([['gpt'], ['gpt4o'], ['llama'], ['cs45'], ['/mo'], ['/model sonnet'], ['nothing-like-it'], ['--json', 'gpt'], ['--describe', 'gpt'], ['--providers']])(
      'should print what the full command prints for %s',
      async (...args) => {
        const full = await runCli(['complete', '--config', EXAMPLE_CONFIG, ...args]);
        expect(quick(['--config', EXAMPLE_CONFIG, ...args])).toEqual({ code: full.code, stdout: full.stdout });
      },
    );

    it('should describe each candidate with its display name and context window', () => {
      expect(quick(['--describe', '--config', EXAMPLE_CONFIG, 'gpt-4o-m'])?.stdout).toBe('openai/gpt-4o-mini\tGPT-4o mini, 128k context\n');
    });

    it('should find ./scoped-models.config.json in the working directory', () => {
      const cwd = new TempDir();
      cwd.write('scoped-models.config.json', '// JSONC\n{ "providers": [{ "name": "team", "type": "static", "models": ["m1",] }] }');
      try {
        expect(quick(['m1'], new FakeIo({ cwd: cwd.path }))?.stdout).toBe('team/m1\n');
      } finally {
        cwd.remove();
      }
    });
  });

  describe('when a provider was discovered before', () => {
    let server: OpenAiServer;
    beforeAll(async () => {
      server = await startOpenAiServer({ models: ['alpha-1', 'beta-2', 'text-embedding-x'] });
    });
    afterAll(() => server.close());

    it('should read its list from the catalog file, as the full command does, without asking it', async () => {
      const file = dir.write('lab.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]));
      const io = new FakeIo();
      await runCli(['list', '--config', file], io);
      const requests = server.modelRequests;
      const full = await runCli(['complete', '--config', file, 'a'], new FakeIo({ env: io.env }));
      expect(quick(['--config', file, 'a'], new FakeIo({ env: io.env }))).toEqual({ code: 0, stdout: full.stdout });
      expect(full.stdout).toBe('lab/alpha-1\n');
      expect(server.modelRequests).toBe(requests);
    });

    it('should leave out a provider without its key, as the full command does', async () => {
      const file = dir.write('nokey.json', { providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl }, { name: 'f', type: 'static', models: ['alpha-9'] }] });
      const full = await runCli(['complete', '--config', file, 'alpha'], new FakeIo({ env: {} }));
      expect(quick(['--config', file, 'alpha'], new FakeIo({ env: {} }))).toEqual({ code: 0, stdout: full.stdout });
    });
  });

  describe('when the full command must answer', () => {
    it.each([
      ['help', ['--help']],
      ['an unknown option', ['--bogus', 'gpt']],
      ['two texts', ['a', 'b']],
      ['no text', []],
    ])('should hand over for %s', (_name, args) => {
      expect(quick(['--config', EXAMPLE_CONFIG, ...args])).toBeUndefined();
    });

    it('should hand over for a file that does not parse, a missing file, or a Redis store', () => {
      expect(quick(['--config', dir.write('broken.json', '{ "providers": [ '), 'gpt'])).toBeUndefined();
      expect(quick(['--config', `${dir.path}/missing.json`, 'gpt'])).toBeUndefined();
      const redis = dir.write('redis.json', { providers: [{ name: 's', type: 'static', models: ['m'] }], store: { type: 'redis' } });
      expect(quick(['--config', redis, 'm'])).toBeUndefined();
    });
  });
});
