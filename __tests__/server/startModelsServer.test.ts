import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent, get, request as httpRequest } from 'node:http';
import { createModelsHandler } from '../../src/server/createModelsHandler.js';
import { startModelsServer, type ModelsServer, type RequestLogEntry } from '../../src/server/startModelsServer.js';
import { ControlledProvider, ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { createManager, send, until } from './handlerServer.js';

const running: ModelsServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(options: { adminToken?: string; clock?: ManualClock; providers?: (ListProvider | ControlledProvider)[] } = {}): Promise<{
  server: ModelsServer;
  log: RequestLogEntry[];
  clock: ManualClock;
}> {
  const clock = options.clock ?? new ManualClock();
  const providers = options.providers ?? [new ListProvider('openai', ['gpt-4o'])];
  const manager = createManager(providers);
  if (!providers.some((provider) => provider instanceof ControlledProvider)) await manager.discoverModels();
  const handler = createModelsHandler(manager, { adminToken: options.adminToken, clock });
  const log: RequestLogEntry[] = [];
  const server = await startModelsServer({ handler, port: 0, host: '127.0.0.1', onRequest: (entry) => log.push(entry), clock, graceMs: 5_000 });
  running.push(server);
  return { server, log, clock };
}

describe('startModelsServer', () => {
  describe('when requests are answered', () => {
    it('should report one entry per request with method, path without query, status and duration', async () => {
      const { server, log } = await start();

      await send(server.address.port, { path: '/v1/models?provider=openai' });
      await send(server.address.port, { method: 'DELETE', path: '/v1/models' });
      await until(() => log.length === 2);

      expect(server.url).toBe(`http://127.0.0.1:${server.address.port}`);
      expect(log.map(({ method, path, status }) => [method, path, status])).toEqual([
        ['GET', '/v1/models', 200],
        ['DELETE', '/v1/models', 405],
      ]);
      expect(log.every((entry) => entry.ms >= 0 && entry.ms < 5_000)).toBe(true);
    });
  });

  describe('.close', () => {
    describe('when a request is in flight', () => {
      it('should let it finish, refuse new connections, and resolve once it has', async () => {
        const provider = new ControlledProvider('openai');
        const { server } = await start({ adminToken: 'tok', providers: [provider] });
        const port = server.address.port;
        const refresh = send(port, { method: 'POST', path: '/v1/models/refresh', headers: { authorization: 'Bearer tok' } });
        await until(() => provider.calls.length === 1);

        let closed = false;
        const closing = server.close().then(() => {
          closed = true;
        });
        await expect(send(port, { path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
        expect(closed).toBe(false);
        provider.answer(['gpt-4o', 'o3']);
        const response = await refresh;
        await closing;

        expect(response.status).toBe(200);
        expect(response.headers.connection).toBe('close');
        expect(server.close()).toBe(server.close());
      });
    });

    describe('when kept-alive connections and event streams are open', () => {
      it('should close them and resolve', async () => {
        const { server } = await start();
        const port = server.address.port;
        const agent = new Agent({ keepAlive: true });
        await new Promise<void>((resolve) => get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => res.resume().on('end', resolve)));
        let streamEnded = false;
        const streaming = new Promise<void>((resolve) => {
          const stream = get({ host: '127.0.0.1', port, path: '/v1/models/events' }, (res) => {
            res.once('data', () => resolve());
            res.on('end', () => {
              streamEnded = true;
            });
          });
          stream.on('error', () => {});
        });
        await streaming;

        await server.close();
        agent.destroy();

        await until(() => streamEnded);
      });
    });

    describe('when a request does not finish within the grace period', () => {
      it('should cut its connection when the period ends', async () => {
        const { server, clock, log } = await start({ adminToken: 'tok' });
        const port = server.address.port;
        const stuck = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/models/refresh', headers: { authorization: 'Bearer tok', 'content-length': '10' } });
        const failed = new Promise<void>((resolve) => stuck.on('error', () => resolve()).on('response', () => resolve()));
        stuck.write('{');
        await until(() => clock.pendingTimers === 1);

        const closing = server.close();
        clock.advance(4_999);
        await send(port, { path: '/healthz' }).catch(() => undefined);
        expect(clock.pendingTimers).toBe(2);
        clock.advance(1);
        await closing;
        await failed;

        expect(log.at(-1)).toMatchObject({ method: 'POST', path: '/v1/models/refresh' });
      });
    });
  });

  describe('when the port is taken', () => {
    it('should reject with listen_failed and a hint', async () => {
      const { server } = await start();
      const handler = createModelsHandler(createManager([]));

      await expect(startModelsServer({ handler, port: server.address.port, host: '127.0.0.1' })).rejects.toMatchObject({
        code: 'listen_failed',
        message: expect.stringContaining('the address is in use; choose another --port'),
      });
    });
  });
});
