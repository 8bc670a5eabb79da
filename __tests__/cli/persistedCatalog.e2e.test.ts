import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startOpenAiServer, type OpenAiServer } from '../helpers/fakeProviderServer.js';
import { compatibleConfig, TempDir } from './cliHarness.js';
import { cleanEnv, spawnCli } from './spawnCli.js';

describe('scoped-models list with the persisted catalog (file store)', () => {
  const dir = new TempDir();
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer({ models: ['alpha-1', 'beta-2'] });
  });
  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it('should answer a second run from the catalog file without asking the provider, and ask again with --refresh', async () => {
    const env = cleanEnv();
    const file = dir.write('lab.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]));
    const first = await spawnCli(['list', '--config', file], { env });
    expect(first).toMatchObject({ code: 0, stdout: 'lab/alpha-1\nlab/beta-2\n' });
    expect(server.modelRequests).toBe(1);
    expect(existsSync(join(env['XDG_CACHE_HOME']!, 'scoped-models', 'catalog.json'))).toBe(true);

    const second = await spawnCli(['list', '--config', file], { env });
    expect(second).toMatchObject({ code: 0, stdout: 'lab/alpha-1\nlab/beta-2\n' });
    expect(server.modelRequests).toBe(1);

    server.setModels(['alpha-1', 'gamma-3']);
    const refreshed = await spawnCli(['list', '--config', file, '--refresh'], { env });
    expect(refreshed).toMatchObject({ code: 0, stdout: 'lab/alpha-1\nlab/gamma-3\n' });
    expect(server.modelRequests).toBe(2);
  });

  it('should not share a catalog entry with a provider of another configuration', async () => {
    const env = cleanEnv();
    const file = dir.write('lab-a.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }]));
    const other = dir.write('lab-b.json', { providers: [{ name: 'lab', type: 'openai-compatible', baseUrl: server.baseUrl, exclude: ['gamma-*'] }] });
    const before = server.modelRequests;
    await spawnCli(['list', '--config', file], { env });
    const result = await spawnCli(['list', '--config', other], { env });
    expect(server.modelRequests).toBe(before + 2);
    expect(result.code).toBe(0);
  });
});
