import { afterEach, describe, expect, it } from '@jest/globals';
import { registerServeCommand } from '../../src/cli/commands/serve.js';
import { createCli } from '../../src/cli/createCli.js';
import { FakeIo, TempDir, trackRuns } from '../cli/cliHarness.js';
import { sendJson, startFakeServer, type FakeServer } from '../helpers/fakeProviderServer.js';
import { until } from './handlerServer.js';

/** serve runs until Ctrl-C: stopped after each test, even one whose assertion failed first. */
const track = trackRuns();
const dirs: TempDir[] = [];
const fakes: FakeServer[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) dir.remove();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

describe('scoped-models serve --tenant-header', () => {
  it("should answer a request carrying provider=key pairs from that key's list, and never log the key", async () => {
    // An OpenAI-compatible server whose list depends on the key, as fine-tuned models do.
    const fake = await startFakeServer((_req, res, request) => {
      const own = request.headers.authorization === 'Bearer sk-acme-123' ? [{ id: 'ft:acme-1', object: 'model' }] : [];
      sendJson(res, 200, { object: 'list', data: [{ id: 'base', object: 'model' }, ...own] });
    });
    fakes.push(fake);
    const dir = new TempDir();
    dirs.push(dir);
    dir.write('scoped-models.config.json', {
      providers: [{ name: 'local', type: 'openai-compatible', baseUrl: `${fake.url}/v1`, apiKey: 'sk-shared', tenantKeys: 'optional' }],
    });
    const io = new FakeIo({ cwd: dir.path, env: { XDG_CACHE_HOME: dir.path } });
    const cli = createCli(io);
    registerServeCommand(cli.program, cli.deps);
    const done = track(io, cli.run(['node', 'scoped-models', 'serve', '--port', '0', '--tenant-header', 'X-Provider-Keys']));
    await until(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.test(io.stderr.text), 5_000);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.stderr.text)![1]!;
    const ids = async (headers: Record<string, string>): Promise<string[]> =>
      ((await (await fetch(`${url}/v1/models`, { headers })).json()) as { data: { id: string }[] }).data.map((model) => model.id);

    let tenantIds: string[] = [];
    for (let attempt = 0; attempt < 100 && !tenantIds.includes('local/ft:acme-1'); attempt++) {
      tenantIds = await ids({ 'x-provider-keys': 'local=sk-acme-123' });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // serve discovers the shared list in the background: read it once it says that discovery ended.
    await until(() => /^scoped-models: discovery: /m.test(io.stderr.text));
    const shared = await ids({});
    const malformed = await fetch(`${url}/v1/models`, { headers: { 'x-provider-keys': 'sk-acme-123' } });
    io.interrupt();

    expect(await done).toBe(0);
    expect(tenantIds).toEqual(['local/base', 'local/ft:acme-1']);
    expect(shared).toEqual(['local/base']);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toContain('sk-acme');
    expect(io.stderr.text).not.toContain('sk-acme');
  });
});
