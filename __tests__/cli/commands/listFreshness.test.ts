import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sendJson, startFakeServer, startOpenAiServer, type FakeServer, type OpenAiServer } from '../../helpers/fakeProviderServer.js';
import { ManualClock } from '../../helpers/ManualClock.js';
import { compatibleConfig, FakeIo, runCli, TempDir } from '../cliHarness.js';

const HOUR = 3_600_000;

describe('scoped-models list, and how fresh what it shows is', () => {
  const dir = new TempDir();
  let server: OpenAiServer;
  let down: FakeServer;
  let up = true;
  beforeAll(async () => {
    server = await startOpenAiServer({ models: ['alpha-1', 'beta-2'] });
    // Answers like the provider while `up`, then 503.
    down = await startFakeServer((_req, res) => (up ? sendJson(res, 200, { object: 'list', data: [{ id: 'gamma-3', object: 'model' }] }) : sendJson(res, 503, { error: { message: 'down' } })));
  });
  afterAll(async () => {
    await server.close();
    await down.close();
    dir.remove();
  });

  /** A run in one cache folder (one catalog file) at `clock`'s time. */
  const list = (env: Record<string, string | undefined>, clock: ManualClock, file: string, ...args: string[]) => runCli(['list', '--config', file, ...args], new FakeIo({ env }), clock);

  describe('when a provider fails again after its list grew older than the refresh interval', () => {
    it('should show the old list, saying how old it is and how to ask again', async () => {
      up = true;
      const file = dir.write('stale.json', compatibleConfig([{ name: 'lab', baseUrl: `${down.url}/v1` }], { refreshIntervalMs: HOUR }));
      const env = new FakeIo().env;
      expect((await list(env, new ManualClock(Date.now()), file)).stdout).toBe('lab/gamma-3\n');
      up = false;
      const later = await list(env, new ManualClock(Date.now() + 3 * HOUR), file);
      expect(later.stdout).toBe('lab/gamma-3\n');
      expect(later.code).toBe(0);
      expect(later.stderr).toMatch(/note: lab: showing its list from (2|3) h ago, older than the refresh interval \(60 min\)[^\n]*; run with --refresh to ask now/);
    });

    it('should say nothing while the list is younger than the interval', async () => {
      const file = dir.write('fresh.json', compatibleConfig([{ name: 'lab', baseUrl: server.baseUrl }], { refreshIntervalMs: HOUR }));
      const env = new FakeIo().env;
      await list(env, new ManualClock(Date.now()), file);
      const soon = await list(env, new ManualClock(Date.now() + HOUR / 2), file);
      expect(soon).toEqual({ code: 0, stdout: 'lab/alpha-1\nlab/beta-2\n', stderr: '' });
    });
  });

  describe('when a provider just failed', () => {
    it('should not ask it again before its back-off (remembered in the file store), unless --refresh', async () => {
      up = false;
      const file = dir.write('backoff.json', compatibleConfig([{ name: 'dead', baseUrl: `${down.url}/v1` }]));
      const env = new FakeIo().env;
      const start = Date.now();
      const asked = (): number => down.requests.length;

      const first = await list(env, new ManualClock(start), file);
      expect(first.code).toBe(1);
      const afterFirst = asked();

      const second = await list(env, new ManualClock(start + 10_000), file);
      expect(asked()).toBe(afterFirst);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/note: dead: not asked; it failed lately, so list asks it again in 20 s; run with --refresh to ask now/);

      await list(env, new ManualClock(start + 10_000), file, '--refresh');
      expect(asked()).toBeGreaterThan(afterFirst);
      const afterRefresh = asked();

      // Two failures in a row: the wait doubles to a minute.
      await list(env, new ManualClock(start + 10_000 + 45_000), file);
      expect(asked()).toBe(afterRefresh);
      await list(env, new ManualClock(start + 10_000 + 61_000), file);
      expect(asked()).toBeGreaterThan(afterRefresh);
    });

    it('should forget the failures once it answers', async () => {
      up = false;
      const file = dir.write('recovers.json', compatibleConfig([{ name: 'back', baseUrl: `${down.url}/v1` }]));
      const env = new FakeIo().env;
      const start = Date.now();
      await list(env, new ManualClock(start), file);
      up = true;
      expect((await list(env, new ManualClock(start + 31_000), file)).stdout).toBe('back/gamma-3\n');
      up = false;
      // A new failure starts the back-off at 30 s again.
      await list(env, new ManualClock(start + 31_000 + 25 * HOUR), file);
      const failedAt = down.requests.length;
      await list(env, new ManualClock(start + 31_000 + 25 * HOUR + 31_000), file);
      expect(down.requests.length).toBeGreaterThan(failedAt);
    });
  });
});
