import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOpenAiServer, type OpenAiServer } from '../../helpers/fakeProviderServer.js';
import { compatibleConfig, EXAMPLE_CONFIG, runCli, TempDir } from '../cliHarness.js';

describe('scoped-models complete', () => {
  describe('when given a partial model id', () => {
    it('should print the ranked completions of /model <text>, one per line', async () => {
      expect(await runCli(['complete', '--config', EXAMPLE_CONFIG, 'gpt-4o'])).toEqual({
        code: 0,
        stdout: 'openai/gpt-4o\nopenai/gpt-4o-mini\nopenrouter/openai/gpt-4o\n',
        stderr: '',
      });
      expect((await runCli(['complete', '--config', EXAMPLE_CONFIG, 'cs45'])).stdout).toBe('anthropic/claude-sonnet-4-5\n');
    });

    it('should add a tab, the display name and a facts hint to each id with --describe', async () => {
      const result = await runCli(['complete', '--config', EXAMPLE_CONFIG, '--describe', 'gpt-4o']);
      expect(result.stdout).toBe('openai/gpt-4o\tGPT-4o · 128k · $2.50/$10\nopenai/gpt-4o-mini\tGPT-4o mini · 128k · $0.15/$0.60\nopenrouter/openai/gpt-4o\t\n');
    });

    it('should offer chat models only', async () => {
      expect((await runCli(['complete', '--config', EXAMPLE_CONFIG, 'text-emb'])).stdout).toBe('');
    });

    it('should print a JSON array with --json', async () => {
      const result = await runCli(['complete', '--config', EXAMPLE_CONFIG, '--json', 'sonnet']);
      expect(JSON.parse(result.stdout)).toEqual(['anthropic/claude-sonnet-4-5']);
    });

    it('should take text that starts with "-" after --', async () => {
      const result = await runCli(['complete', '--config', EXAMPLE_CONFIG, '--', '-mini']);
      expect(result).toEqual({ code: 0, stdout: 'openai/gpt-4o-mini\n', stderr: '' });
    });
  });

  describe('when given a REPL line', () => {
    it('should complete the command word or its argument', async () => {
      expect((await runCli(['complete', '--config', EXAMPLE_CONFIG, '/mo'])).stdout).toBe('/model\n/models\n');
      expect((await runCli(['complete', '--config', EXAMPLE_CONFIG, '/model o3'])).stdout).toBe('openai/o3\n');
      expect((await runCli(['complete', '--config', EXAMPLE_CONFIG, '/models o3'])).stdout).toBe('');
    });
  });

  describe('when the providers need the network', () => {
    const dir = new TempDir();
    let server: OpenAiServer;
    beforeAll(async () => {
      server = await startOpenAiServer({ models: ['alpha'] });
    });
    afterAll(async () => {
      await server.close();
      dir.remove();
    });

    it('should answer from what is known and never send a request', async () => {
      const file = dir.write('lab.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]));
      const result = await runCli(['complete', '--config', file, 'al']);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('when the text is missing', () => {
    it('should exit 2', async () => {
      const result = await runCli(['complete', '--config', EXAMPLE_CONFIG]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/complete needs the text to complete/);
    });
  });
});
