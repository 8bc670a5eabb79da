import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Socket } from 'node:net';
import { Agent, get, request as httpRequest, Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from '../../src/logging/Logger.js';
import { createModelsHandler, type ModelsHandler } from '../../src/server/createModelsHandler.js';
import { startModelsServer, type ModelsServer, type ModelsServerOptions, type RequestLogEntry } from '../../src/server/startModelsServer.js';
import { ControlledProvider, ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { answers, rawConnection as openRawConnection, statuses, type RawConnection } from '../helpers/rawConnection.js';
import { itNeeding } from '../helpers/requireTools.js';
import { createManager, json, send, until, type ErrorBody } from './handlerServer.js';

const running: ModelsServer[] = [];
const sockets: Socket[] = [];
/** Other client resources a test opened (a keep-alive agent). */
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A raw connection, destroyed after the test. */
function rawConnection(port: number): RawConnection {
  const connection = openRawConnection(port);
  sockets.push(connection.socket);
  return connection;
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

/** A refresh over a raw connection: its answer waits for the test to answer the provider. */
const REFRESH = 'POST /v1/models/refresh HTTP/1.1\r\nhost: x\r\nauthorization: Bearer tok\r\ncontent-length: 0\r\n\r\n';
const HEALTH = 'GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n';

/** A handler of the test's own, for what the catalog's routes never do (answer before a body has arrived). */
function customHandler(answer: (req: IncomingMessage, res: ServerResponse) => void): ModelsHandler {
  return Object.assign(answer, { close: () => undefined, eventClients: 0 });
}

/** Starts `handler` bare: no log, the system clock, every bound at its default unless given. */
async function startBare(handler: ModelsHandler, options: Partial<ModelsServerOptions> = {}): Promise<ModelsServer> {
  const server = await startModelsServer({ handler, port: 0, host: '127.0.0.1', ...options });
  running.push(server);
  return server;
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

  describe('when a client keeps its connection alive', () => {
    it('should answer request after request on it', async () => {
      const { server } = await start();
      const kept = rawConnection(server.address.port);

      kept.socket.write(HEALTH);
      await until(() => statuses(kept.received()).length === 1);
      kept.socket.write(HEALTH);
      await until(() => statuses(kept.received()).length === 2);

      expect(statuses(kept.received())).toEqual(['200', '200']);
      expect(kept.received()).not.toMatch(/connection: close/i);
    });

    it('should keep it after an error answer to a request read whole (a 404)', async () => {
      const { server } = await start();
      const kept = rawConnection(server.address.port);

      kept.socket.write('GET /nowhere HTTP/1.1\r\nhost: x\r\n\r\n');
      await until(() => statuses(kept.received()).length === 1);
      kept.socket.write(HEALTH);
      await until(() => statuses(kept.received()).length === 2);

      expect(statuses(kept.received())).toEqual(['404', '200']);
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

    describe('when a kept-alive connection has a request in flight', () => {
      it('should end the connection once the request is answered, without waiting for the grace period', async () => {
        const provider = new ControlledProvider('openai');
        const { server } = await start({ adminToken: 'tok', providers: [provider], bounds: { keepAliveTimeoutMs: 600_000 } });
        const kept = rawConnection(server.address.port);
        kept.socket.write(REFRESH);
        await until(() => provider.calls.length === 1);

        const closing = server.close();
        provider.answer(['gpt-4o']);
        await until(() => statuses(kept.received()).length === 1);
        // Asked once the answer is in: a connection still open would answer it.
        kept.socket.write(HEALTH);
        await kept.closed;
        await closing;

        expect(statuses(kept.received())).toEqual(['200']);
      });

      it('should answer a request that comes on it after close() with connection: close, and end the connection after that one', async () => {
        const provider = new ControlledProvider('openai');
        const { server, clock } = await start({ adminToken: 'tok', providers: [provider], bounds: { keepAliveTimeoutMs: 600_000 } });
        const kept = rawConnection(server.address.port);
        kept.socket.write(REFRESH);
        await until(() => provider.calls.length === 1);

        const closing = server.close();
        const timers = clock.pendingTimers;
        kept.socket.write('POST /v1/models/refresh HTTP/1.1\r\nhost: x\r\nauthorization: Bearer tok\r\ncontent-length: 2\r\n\r\n');
        // The second request's body timer: it has arrived, and waits for its body.
        await until(() => clock.pendingTimers === timers + 1);
        provider.answer(['gpt-4o']);
        await until(() => statuses(kept.received()).length === 1);
        kept.socket.write('{}');
        provider.answer(['gpt-4o']);
        await kept.closed;
        await closing;

        const [first, second] = answers(kept.received());
        expect(statuses(kept.received())).toEqual(['200', '200']);
        expect(first).not.toMatch(/^connection: close\r$/im);
        expect(second).toMatch(/^connection: close\r$/im);
      });
    });

    describe('when a connection has sent nothing yet', () => {
      it('should end it at once and resolve', async () => {
        const { server } = await start();
        const fresh = rawConnection(server.address.port);
        await new Promise((resolve) => fresh.socket.once('connect', resolve));

        await server.close();
        await fresh.closed;

        // Left open, it would have been cut by the headers timeout, with a 408.
        expect(fresh.received()).toBe('');
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

  describe('when a read route is sent a body within maxBodyBytes', () => {
    it('should say that the method takes none', async () => {
      const { server } = await start();

      const response = await send(server.address.port, { path: '/v1/models', headers: { 'content-length': '2' }, body: '{}' });

      expect(response.status).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'body_not_allowed', message: 'GET takes no request body; send none' });
    });
  });

  describe('when a read route is sent an empty body (content-length: 0)', () => {
    it('should answer it as a request without a body', async () => {
      const { server } = await start();

      const response = await send(server.address.port, { path: '/v1/models', headers: { 'content-length': '0' } });

      expect(response.status).toBe(200);
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

  describe('when an answer did not need a body that then arrives within maxBodyBytes', () => {
    it('should read it and keep the connection for the next request', async () => {
      const { server } = await start({ bounds: { maxBodyBytes: 1024 } });
      const kept = rawConnection(server.address.port);
      kept.socket.write('POST /v1/models HTTP/1.1\r\nhost: x\r\ncontent-length: 1024\r\n\r\n');
      await until(() => statuses(kept.received()).length === 1);

      kept.socket.write(`${'y'.repeat(1024)}${HEALTH}`);
      await until(() => statuses(kept.received()).length === 2);

      expect(statuses(kept.received())).toEqual(['405', '200']);
    });
  });

  describe('when an answer comes after its unread body has arrived whole', () => {
    it('should drop the body and keep the connection, however large the body', async () => {
      // Answers only once the whole body is in, without reading it.
      const server = await startBare(
        customHandler((req, res) => {
          const answer = (): void => void (req.complete ? res.end('ok') : setImmediate(answer));
          answer();
        }),
        { maxBodyBytes: 1024 },
      );
      const kept = rawConnection(server.address.port);

      kept.socket.write(`POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: 4096\r\n\r\n${'y'.repeat(4096)}`);
      await until(() => statuses(kept.received()).length === 1);
      kept.socket.write(HEALTH);
      await until(() => statuses(kept.received()).length === 2);

      expect(statuses(kept.received())).toEqual(['200', '200']);
    });
  });

  describe('when a request body arrives slowly', () => {
    it('should not cut the request when headersTimeoutMs has passed (the whole request has 30 s)', async () => {
      const { server, clock } = await start({ adminToken: 'tok', bounds: { headersTimeoutMs: 100 } });
      const port = server.address.port;
      const slow = rawConnection(port);
      slow.socket.write('POST /v1/models/refresh HTTP/1.1\r\nhost: x\r\nauthorization: Bearer tok\r\ncontent-length: 2\r\n\r\n{');
      await until(() => clock.pendingTimers === 1);

      // Opened after the slow request began, so its headers timeout ends no sooner than a bound on that request would.
      const idle = rawConnection(port);
      await idle.closed;
      slow.socket.write('}');
      await until(() => statuses(slow.received()).length === 1);

      expect(idle.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(statuses(slow.received())).toEqual(['200']);
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

  describe('when connections have closed', () => {
    it('should hold on to none of them, answered or abandoned', async () => {
      setFlagsFromString('--expose-gc');
      const collectGarbage = runInNewContext('gc') as () => void;
      const seen: WeakRef<Socket>[] = [];
      const server = await startBare(
        customHandler((req, res) => {
          seen.push(new WeakRef(req.socket));
          if (req.url !== '/never') res.end('ok');
        }),
      );
      for (let i = 0; i < 3; i++) await send(server.address.port, { path: '/' });
      const abandoned = rawConnection(server.address.port);
      abandoned.socket.write('GET /never HTTP/1.1\r\nhost: x\r\n\r\n');
      await until(() => seen.length === 4);

      abandoned.socket.destroy();

      await until(() => {
        collectGarbage();
        return seen.every((socket) => socket.deref() === undefined);
      });
    });
  });

  describe('when the server reports an error after start-up', () => {
    it('should log it and go on serving', async () => {
      const warnings: string[] = [];
      const logger: Logger = { info: () => undefined, warn: (message) => void warnings.push(message) };
      let emitError: (() => void) | undefined;
      const server = await startBare(
        customHandler((req, res) => {
          // An accept failure (EMFILE) cannot be provoked here; the server emits what Node would.
          const socket = req.socket as Socket & { server: Server };
          emitError = () => socket.server.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
          res.end('ok');
        }),
        { logger },
      );
      await send(server.address.port, { path: '/' });

      emitError?.();
      const after = await send(server.address.port, { path: '/' });

      expect(warnings).toEqual(['the server reported an error: accept EMFILE']);
      expect(after.status).toBe(200);
    });
  });

  describe('when the host is an IPv6 address', () => {
    const loopback = { name: 'an IPv6 loopback (::1)', present: Object.values(networkInterfaces()).some((addresses) => addresses?.some((entry) => entry.address === '::1')), install: 'enable IPv6 on lo' };

    itNeeding('should name it in brackets in its url', [loopback], async () => {
      const server = await startBare(customHandler((_req, res) => res.end('ok')), { host: '::1' });

      const response = await fetch(server.url);

      expect(server.url).toBe(`http://[::1]:${server.address.port}`);
      expect(await response.text()).toBe('ok');
    });
  });

  describe('when the address cannot be bound', () => {
    it('should reject with listen_failed and the reason', async () => {
      const handler = createModelsHandler(createManager([]));

      // 192.0.2.1 (TEST-NET-1) belongs to no interface here.
      await expect(startModelsServer({ handler, port: 0, host: '192.0.2.1' })).rejects.toMatchObject({
        code: 'listen_failed',
        message: 'cannot listen on 192.0.2.1:0: listen EADDRNOTAVAIL: address not available 192.0.2.1; choose another --port or --host',
      });
    });

    it('should say permission denied for a port it may not use', async () => {
      const handler = createModelsHandler(createManager([]));
      // Tests may run as root, where every port is allowed: the server fails as Node does for another user.
      const listen = jest.spyOn(Server.prototype, 'listen').mockImplementationOnce(function (this: Server) {
        process.nextTick(() => this.emit('error', Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:80'), { code: 'EACCES' })));
        return this;
      });
      closers.push(() => listen.mockRestore());

      await expect(startModelsServer({ handler, port: 80, host: '127.0.0.1' })).rejects.toMatchObject({
        code: 'listen_failed',
        message: 'cannot listen on 127.0.0.1:80: permission denied; choose another --port or --host',
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
