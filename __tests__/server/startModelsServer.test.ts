import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { Agent, get, request as httpRequest } from 'node:http';
import { createModelsHandler } from '../../src/server/createModelsHandler.js';
import { startModelsServer, type ModelsServer, type ModelsServerOptions, type RequestLogEntry } from '../../src/server/startModelsServer.js';
import { ControlledProvider, ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { createManager, send, until } from './handlerServer.js';

const running: ModelsServer[] = [];
const sockets: Socket[] = [];
/** Other client resources a test opened (a keep-alive agent). */
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A raw connection that records what it reads and resolves `closed` when the server ends it. */
function rawConnection(port: number): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, received: () => text, closed };
}

/** Sends `head`, then chunks of a chunked body for as long as the server reads them. */
function endlessChunkedRequest(port: number, head: string): { received: () => string; closed: Promise<void>; sent: () => number } {
  const connection = rawConnection(port);
  const chunk = Buffer.concat([Buffer.from('4000\r\n'), Buffer.alloc(0x4000, 'x'), Buffer.from('\r\n')]);
  let sent = 0;
  const pump = (): void => {
    while (!connection.socket.destroyed && connection.socket.write(chunk)) sent += chunk.length;
  };
  connection.socket.on('drain', pump);
  connection.socket.write(`${head}\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n`, pump);
  return { ...connection, sent: () => sent };
}

type Bounds = Pick<ModelsServerOptions, 'maxBodyBytes' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections'>;

async function start(options: { adminToken?: string; clock?: ManualClock; providers?: (ListProvider | ControlledProvider)[]; bounds?: Bounds } = {}): Promise<{
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
  const server = await startModelsServer({ handler, port: 0, host: '127.0.0.1', onRequest: (entry) => log.push(entry), clock, graceMs: 5_000, ...options.bounds });
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
        closers.push(() => agent.destroy());
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

  describe('when a read route is sent an endless chunked body', () => {
    it.each(['GET /v1/models', 'HEAD /healthz'])('should answer %s with 400 unread and close the connection', async (route) => {
      const { server, log } = await start({ bounds: { maxBodyBytes: 1024 } });
      const request = endlessChunkedRequest(server.address.port, `${route} HTTP/1.1`);
      // Were the body drained, the connection would stay open for as long as the client sends.
      await request.closed;
      expect(request.received()).toMatch(/^HTTP\/1\.1 400 /);
      expect(request.received()).toMatch(/connection: close/i);
      expect(log).toEqual([expect.objectContaining({ status: 400 })]);
    });
  });

  describe('when a read route is sent a body of a declared length', () => {
    it('should answer 413 past maxBodyBytes and 400 within it, closing the connection', async () => {
      const { server } = await start({ bounds: { maxBodyBytes: 10 } });
      for (const [length, status] of [[11, 413], [10, 400]] as const) {
        const connection = rawConnection(server.address.port);
        connection.socket.write(`GET /v1/models HTTP/1.1\r\nhost: x\r\ncontent-length: ${length}\r\n\r\n${'y'.repeat(length)}`);
        await connection.closed;
        expect(connection.received()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      }
    });
  });

  describe('when an answer did not need the body (a 405 to a POST)', () => {
    it('should read at most maxBodyBytes more and then close the connection', async () => {
      const { server } = await start({ adminToken: 'tok', bounds: { maxBodyBytes: 1024 } });
      const request = endlessChunkedRequest(server.address.port, 'POST /v1/models HTTP/1.1');
      await request.closed;
      expect(request.received()).toMatch(/^HTTP\/1\.1 405 /);
    });
  });

  describe('when a connection sends nothing', () => {
    it('should close it after headersTimeoutMs', async () => {
      const { server } = await start({ bounds: { headersTimeoutMs: 100 } });
      const idle = rawConnection(server.address.port);
      await idle.closed;
      expect(idle.received()).toMatch(/^HTTP\/1\.1 408 /);
    });
  });

  describe('when a kept-alive connection falls idle', () => {
    it('should close it after keepAliveTimeoutMs', async () => {
      const { server } = await start({ bounds: { keepAliveTimeoutMs: 100 } });
      const kept = rawConnection(server.address.port);
      kept.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
      await kept.closed;
      expect(kept.received()).toMatch(/^HTTP\/1\.1 200 /);
    });
  });

  describe('when more than maxConnections connect', () => {
    it('should refuse the one over the limit and serve the others', async () => {
      const { server } = await start({ bounds: { maxConnections: 2 } });
      const port = server.address.port;
      const held = [rawConnection(port), rawConnection(port)];
      await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('connect', resolve))));
      const extra = rawConnection(port);
      await extra.closed;
      expect(extra.received()).toBe('');
      held[0]?.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
      await until(() => held[0]?.received().startsWith('HTTP/1.1 200') === true);
    });
  });

  describe('when a bound is not a whole number above 0', () => {
    it.each(['maxBodyBytes', 'headersTimeoutMs', 'keepAliveTimeoutMs', 'maxConnections'] as const)('should refuse %s', async (name) => {
      const handler = createModelsHandler(createManager([]));
      await expect(startModelsServer({ handler, port: 0, host: '127.0.0.1', [name]: 0 })).rejects.toMatchObject({ code: 'invalid_option', message: expect.stringContaining(name) });
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
