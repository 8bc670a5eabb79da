import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { get, type IncomingMessage } from 'node:http';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { EventSink } from '../../src/server/core/CoreResponse.js';
import { EventStream } from '../../src/server/EventStream.js';
import { ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import {
  createManager,
  json,
  send,
  SHAPES,
  startHandlerServer,
  until,
  type ErrorBody,
  type HandlerServer,
  type HandlerShape,
  type ShapedHandler,
  type ShapeOptions,
} from './handlerServer.js';

/** One message of an event stream: an event with its fields, or a comment line. */
interface StreamMessage {
  event?: string;
  id?: string;
  data?: unknown;
  retry?: string;
  comment?: string;
}

/** A test client of `/v1/models/events` that parses what it receives as it arrives. */
class EventClient {
  readonly messages: StreamMessage[] = [];
  ended = false;
  #buffer = '';
  #response: IncomingMessage | undefined;
  readonly #request: ReturnType<typeof get>;
  readonly response: Promise<IncomingMessage>;

  constructor(port: number, path = '/v1/models/events') {
    this.#request = get({ host: '127.0.0.1', port, path, agent: false });
    this.#request.on('error', () => {});
    this.response = new Promise((resolve) => {
      this.#request.on('response', (res) => {
        this.#response = res;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.#receive(chunk));
        res.on('end', () => {
          this.ended = true;
        });
        res.on('error', () => {});
        resolve(res);
      });
    });
  }

  /** The events (not comments) received so far. */
  get events(): StreamMessage[] {
    return this.messages.filter((message) => message.event !== undefined);
  }

  close(): void {
    this.#response?.destroy();
    this.#request.destroy();
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const message: StreamMessage = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) message.comment = line.slice(1).trim();
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('retry: ')) message.retry = line.slice(7);
        else if (line.startsWith('data: ')) message.data = JSON.parse(line.slice(6)) as unknown;
      }
      this.messages.push(message);
    }
  }
}

const servers: HandlerServer[] = [];
const clients: EventClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

let shape: HandlerShape;

async function setup(
  options: ShapeOptions = {},
): Promise<{ manager: ProviderManager; provider: ListProvider; handler: ShapedHandler; clock: ManualClock; port: number }> {
  const clock = new ManualClock();
  const provider = new ListProvider('openai', ['gpt-4o']);
  // The handler's own clock, so only its timers are counted.
  const manager = createManager([provider]);
  await manager.discoverModels();
  const handler = shape.create(manager, { clock, ...options });
  const server = await startHandlerServer(handler.listener);
  servers.push(server);
  return { manager, provider, handler, clock, port: server.port };
}

function connect(port: number): EventClient {
  const client = new EventClient(port);
  clients.push(client);
  return client;
}

describe.each(SHAPES)('$name', (current) => {
  beforeEach(() => {
    shape = current;
  });

  describe('GET /v1/models/events', () => {
    describe('when a client connects', () => {
      it('should send the event-stream headers at once, then a ready event with the generation', async () => {
        const { port, handler } = await setup();
        const client = connect(port);

        const response = await client.response;
        await until(() => client.messages.length === 1);

        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        expect(response.headers['cache-control']).toBe('no-cache, no-transform');
        expect(response.headers['x-accel-buffering']).toBe('no');
        expect(client.messages).toEqual([{ retry: '3000', event: 'ready', data: { generation: 1 } }]);
        expect(handler.eventClients).toBe(1);
      });
    });

    describe('when a discovery changes the list', () => {
      it('should send one change event with the onChange payload to every client', async () => {
        const { port, manager, provider } = await setup();
        const first = connect(port);
        const second = connect(port);
        await until(() => first.events.length === 1 && second.events.length === 1);

        provider.models = ['gpt-4o', 'o3'];
        await manager.discoverModels();
        await until(() => first.events.length === 2 && second.events.length === 2);

        for (const client of [first, second]) {
          expect(client.events[1]).toEqual({ event: 'change', id: '2', data: { added: ['openai/o3'], removed: [], generation: 2 } });
        }
      });

      it('should send nothing for a discovery that changed nothing', async () => {
        const { port, manager, provider } = await setup();
        const client = connect(port);
        await until(() => client.events.length === 1);

        await manager.discoverModels();
        provider.models = [];
        await manager.discoverModels(undefined, { acceptEmpty: true });
        await until(() => client.events.length >= 2);

        expect(client.events.slice(1)).toEqual([{ event: 'change', id: '2', data: { added: [], removed: ['openai/gpt-4o'], generation: 2 } }]);
      });
    });

    describe('when the heartbeat interval passes', () => {
      it('should send a comment line every 15 s by default', async () => {
        const { port, clock } = await setup();
        const client = connect(port);
        await until(() => client.messages.length === 1);

        clock.advance(14_999);
        await send(port, { path: '/healthz' });
        const before = client.messages.length;
        clock.advance(1);
        await until(() => client.messages.length === 2);
        clock.advance(15_000);
        await until(() => client.messages.length === 3);

        expect(before).toBe(1);
        expect(client.messages.slice(1)).toEqual([{ comment: 'heartbeat' }, { comment: 'heartbeat' }]);
      });
    });

    describe('when clients disconnect', () => {
      it('should release them, and stop the heartbeat when none is left', async () => {
        const { port, handler, clock, manager, provider } = await setup();
        const first = connect(port);
        const second = connect(port);
        await until(() => handler.eventClients === 2);
        expect(clock.pendingTimers).toBe(1);

        first.close();
        await until(() => handler.eventClients === 1);
        provider.models = ['o1'];
        await manager.discoverModels();
        await until(() => second.events.length === 2);
        second.close();
        await until(() => handler.eventClients === 0);

        expect(clock.pendingTimers).toBe(0);
        provider.models = ['o3'];
        await manager.discoverModels();
        const later = connect(port);
        await until(() => later.events.length === 1);
        expect(later.events[0]!.data).toEqual({ generation: 3 });
        expect(clock.pendingTimers).toBe(1);
      });
    });

    describe('when the handler is closed', () => {
      it('should end every stream and refuse new clients with a 503', async () => {
        const { port, handler, clock } = await setup();
        const client = connect(port);
        await until(() => client.messages.length === 1);

        handler.close();
        await until(() => client.ended);
        const refused = await send(port, { path: '/v1/models/events' });

        expect(handler.eventClients).toBe(0);
        expect(clock.pendingTimers).toBe(0);
        expect(refused.status).toBe(503);
        expect(refused.headers['retry-after']).toBe('1');
        expect(json<ErrorBody>(refused).error).toEqual({
          type: 'server_error',
          code: 'shutting_down',
          param: null,
          message: 'the server is shutting down; reconnect to another instance',
        });
        expect((await send(port, { path: '/v1/models' })).status).toBe(200);
      });
    });

    describe('when maxEventClients are connected', () => {
      it('should answer one more with a 503', async () => {
        const { port } = await setup({ maxEventClients: 1 });
        const client = connect(port);
        await until(() => client.messages.length === 1);

        const refused = await send(port, { path: '/v1/models/events' });

        expect(refused.status).toBe(503);
        expect(refused.headers['retry-after']).toBe('5');
        expect(json<ErrorBody>(refused).error).toMatchObject({ code: 'too_many_clients', message: 'too many event-stream clients are connected; retry later' });
      });
    });
  });
});

/** A sink that records what it was sent; `buffered` is set by the test, `leave()` is the client going away. */
function recordingSink(): EventSink & { ended: boolean; destroyed: boolean; written: string; buffered: number; leave(): void } {
  const listeners: (() => void)[] = [];
  return {
    ended: false,
    destroyed: false,
    written: '',
    buffered: 0,
    write(text) {
      this.written += text;
    },
    end() {
      this.ended = true;
    },
    destroy() {
      this.destroyed = true;
    },
    onClose(listener) {
      listeners.push(listener);
    },
    leave() {
      for (const listener of listeners.splice(0)) listener();
    },
  };
}

const MIB = 1024 * 1024;
const HEARTBEAT = ': heartbeat\n\n';

describe('EventStream', () => {
  describe('.open', () => {
    describe('when the stream fills up between the answer and the adapter opening it', () => {
      it('should end the late sink at once and count it nowhere', () => {
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
        const stream = new EventStream({ clock: new ManualClock(), heartbeatMs: 1_000, maxClients: 1 });
        const first = stream.open(manager, false);
        const second = stream.open(manager, false);
        const [kept, late] = [recordingSink(), recordingSink()];

        first.open(kept);
        second.open(late);

        expect([kept.ended, late.ended, late.written]).toEqual([false, true, '']);
        expect(stream.size).toBe(1);
        stream.close();
        expect([kept.ended, stream.size]).toEqual([true, 0]);
      });
    });

    describe('when the stream closes between the answer and the adapter opening it', () => {
      it('should end the sink at once and count no client', () => {
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
        const stream = new EventStream({ clock: new ManualClock(), heartbeatMs: 1_000, maxClients: 5 });
        const answered = stream.open(manager, false);
        const sink = recordingSink();

        stream.close();
        answered.open(sink);

        expect([sink.ended, sink.written, stream.size]).toEqual([true, '', 0]);
      });
    });

    describe('when a client has more than 1 MiB it has not taken', () => {
      it('should cut it off instead of writing more, keep one with exactly 1 MiB, and stop the heartbeat once none is left', () => {
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
        const clock = new ManualClock();
        const stream = new EventStream({ clock, heartbeatMs: 1_000, maxClients: 5 });
        const [slow, full] = [recordingSink(), recordingSink()];
        stream.open(manager, false).open(slow);
        stream.open(manager, false).open(full);
        slow.buffered = MIB + 1;
        full.buffered = MIB;

        clock.advance(1_000);

        expect([slow.destroyed, slow.written.endsWith(HEARTBEAT)]).toEqual([true, false]);
        expect([full.destroyed, full.written.endsWith(HEARTBEAT)]).toEqual([false, true]);
        expect(stream.size).toBe(1);

        full.buffered = MIB + 1;
        clock.advance(1_000);

        expect([full.destroyed, stream.size, clock.pendingTimers]).toEqual([true, 0, 0]);
      });
    });

    describe('when one of two clients leaves', () => {
      it('should keep the heartbeat going for the other', () => {
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
        const clock = new ManualClock();
        const stream = new EventStream({ clock, heartbeatMs: 1_000, maxClients: 5 });
        const [leaving, staying] = [recordingSink(), recordingSink()];
        stream.open(manager, false).open(leaving);
        stream.open(manager, false).open(staying);

        leaving.leave();
        clock.advance(1_000);

        expect(stream.size).toBe(1);
        expect(staying.written.endsWith(HEARTBEAT)).toBe(true);
        stream.close();
      });
    });
  });
});
