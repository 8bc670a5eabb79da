import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { quickComplete } from '../../../src/cli/quick/quickComplete.js';
import { startOpenAiServer, type OpenAiServer } from '../../helpers/fakeProviderServer.js';
import { compatibleConfig, EXAMPLE_CONFIG, FakeIo, runCli, TempDir } from '../cliHarness.js';

/** What the quick path prints for `args`, or `undefined` when it hands over to the full command. */
async function quick(args: readonly string[], io: FakeIo = new FakeIo()): Promise<{ code: number; stdout: string } | undefined> {
  const code = await quickComplete(args, io);
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
        expect(await quick(['--config', EXAMPLE_CONFIG, ...args])).toEqual({ code: full.code, stdout: full.stdout });
      },
    );

    it('should describe each candidate with its display name, context window and the catalog prices', async () => {
      expect((await quick(['--describe', '--config', EXAMPLE_CONFIG, 'gpt-4o-m']))?.stdout).toBe('openai/gpt-4o-mini\tGPT-4o mini · 128k · $0.15/$0.60\n');
    });

    it('should leave the catalog facts out, as the full command does, when the config turns the catalog off', async () => {
      const file = dir.write('nocatalog.json', { providers: [{ name: 'openai', type: 'static', models: ['gpt-4o', { id: 'gpt-4o-mini', displayName: 'Mini' }] }], metadata: { catalog: false } });
      const full = await runCli(['complete', '--config', file, '--describe', 'gpt']);
      expect(await quick(['--config', file, '--describe', 'gpt'])).toEqual({ code: 0, stdout: full.stdout });
      expect(full.stdout).toBe('openai/gpt-4o\t\nopenai/gpt-4o-mini\tMini\n');
    });

    it('should find ./scoped-models.config.json in the working directory', async () => {
      const cwd = new TempDir();
      cwd.write('scoped-models.config.json', '// JSONC\n{ "providers": [{ "name": "team", "type": "static", "models": ["m1",] }] }');
      try {
        expect((await quick(['m1'], new FakeIo({ cwd: cwd.path })))?.stdout).toBe('team/m1\n');
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
      expect(await quick(['--config', file, 'a'], new FakeIo({ env: io.env }))).toEqual({ code: 0, stdout: full.stdout });
      expect(full.stdout).toBe('lab/alpha-1\n');
      expect(server.modelRequests).toBe(requests);
    });

    it('should describe its models with the catalog facts for its type, as the full command does', async () => {
      const openai = await startOpenAiServer({ models: ['gpt-4o-mini', 'ft:gpt-4o-mini:acme'], apiKey: 'sk-test' });
      try {
        const file = dir.write('openai.json', { providers: [{ name: 'oa', type: 'openai', baseUrl: openai.baseUrl, apiKey: 'sk-test' }], discovery: { retries: 0 } });
        const io = new FakeIo();
        await runCli(['list', '--config', file], io);
        const full = await runCli(['complete', '--config', file, '--describe', 'oa/'], new FakeIo({ env: io.env }));
        expect(await quick(['--config', file, '--describe', 'oa/'], new FakeIo({ env: io.env }))).toEqual({ code: 0, stdout: full.stdout });
        expect(full.stdout).toBe('oa/gpt-4o-mini\t128k · $0.15/$0.60\noa/ft:gpt-4o-mini:acme\t\n');
      } finally {
        await openai.close();
      }
    });

    it('should leave out a provider without its key, as the full command does', async () => {
      const file = dir.write('nokey.json', { providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl }, { name: 'f', type: 'static', models: ['alpha-9'] }] });
      const full = await runCli(['complete', '--config', file, 'alpha'], new FakeIo({ env: {} }));
      expect(await quick(['--config', file, 'alpha'], new FakeIo({ env: {} }))).toEqual({ code: 0, stdout: full.stdout });
    });
  });

  describe('when the full command must answer', () => {
    it.each([
      ['help', ['--help']],
      ['an unknown option', ['--bogus', 'gpt']],
      ['two texts', ['a', 'b']],
      ['no text', []],
    ])('should hand over for %s', async (_name, args) => {
      expect(await quick(['--config', EXAMPLE_CONFIG, ...args])).toBeUndefined();
    });

    it('should hand over for a file that does not parse, a missing file, or a Redis store', async () => {
      expect(await quick(['--config', dir.write('broken.json', '{ "providers": [ '), 'gpt'])).toBeUndefined();
      expect(await quick(['--config', `${dir.path}/missing.json`, 'gpt'])).toBeUndefined();
      const redis = dir.write('redis.json', { providers: [{ name: 's', type: 'static', models: ['m'] }], store: { type: 'redis' } });
      expect(await quick(['--config', redis, 'm'])).toBeUndefined();
    });
  });
});
