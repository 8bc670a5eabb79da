import { describe, expect, it } from '@jest/globals';
import type { ModelsChangeListener } from '../../src/manager/ModelCatalogReader.js';
import type { ModelsChange } from '../../src/manager/types.js';
import { createModelsHandler } from '../../src/server/createModelsHandler.js';
import { cleanupAfterEach } from '../helpers/cleanup.js';
import { flush } from '../helpers/ControlledProvider.js';
import { Deferred } from '../helpers/Deferred.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { rawConnection, type RawConnection } from '../helpers/rawConnection.js';
import { FakeCatalog } from './FakeCatalog.js';
import { startHandlerServer, until } from './handlerServer.js';

const cleanup = cleanupAfterEach();

const EVENTS = 'GET /v1/models/events HTTP/1.1\r\nhost: x\r\n\r\n';

/** A raw connection that is destroyed after the test, with a flag for the server ending it. */
function connection(port: number): RawConnection & { isClosed: () => boolean } {
  const raw = rawConnection(port);
  cleanup.defer(() => raw.socket.destroy());
  let closed = false;
  void raw.closed.then(() => (closed = true));
  return { ...raw, isClosed: () => closed };
}

/** A catalog whose changes the test sends, as large as it likes. */
class LoudCatalog extends FakeCatalog {
  readonly #listeners = new Set<ModelsChangeListener>();

  override onChange(listener: ModelsChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  announce(change: ModelsChange): void {
    for (const listener of [...this.#listeners]) void listener(change);
  }
}

describe('writeNodeResponse', () => {
  describe('when the client went away before an event stream was answered (a slow tenant lookup)', () => {
    it('should open no stream on the dead response', async () => {
      const lookup = new Deferred<undefined>();
      let asked = false;
      const handler = createModelsHandler(new FakeCatalog({ openai: ['gpt-4o'] }), {
        clock: new ManualClock(),
        tenant: () => {
          asked = true;
          return lookup.promise;
        },
      });
      let answered = false;
      const server = cleanup.closing(
        await startHandlerServer((req, res) => {
          res.on('close', () => (answered = true));
          handler(req, res);
        }),
      );
      const client = connection(server.port);
      client.socket.write(EVENTS);
      await until(() => asked);

      client.socket.destroy();
      await until(() => answered);
      lookup.resolve(undefined);
      await flush();

      expect(handler.eventClients).toBe(0);
    });
  });

  describe('when something else has already begun the answer (a middleware before the handler)', () => {
    it('should cut the connection rather than leave that answer open', async () => {
      const handler = createModelsHandler(new FakeCatalog({ openai: ['gpt-4o'] }), { clock: new ManualClock() });
      const server = cleanup.closing(
        await startHandlerServer((req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('begun elsewhere');
          handler(req, res);
        }),
      );
      const client = connection(server.port);

      client.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
      await until(() => client.isClosed());

      // Cut, not ended: an answer ended properly would finish with its last, empty chunk.
      expect(client.received()).not.toMatch(/\r\n0\r\n\r\n$/);
    });
  });

  describe('when an event-stream client stops reading', () => {
    it('should cut its connection once a megabyte of events waits for it', async () => {
      const catalog = new LoudCatalog({ openai: ['gpt-4o'] });
      const handler = createModelsHandler(catalog, { clock: new ManualClock() });
      const server = cleanup.closing(await startHandlerServer((req, res) => handler(req, res)));
      const client = connection(server.port);
      client.socket.write(EVENTS);
      await until(() => client.received().includes('event: ready'));
      client.socket.pause();

      // About a megabyte per change; the kernel's socket buffers take several before Node holds any.
      const added = Array.from({ length: 20_000 }, (_, i) => `openai/model-${String(i).padStart(5, '0')}-${'x'.repeat(30)}`);
      for (let generation = 1; generation <= 64 && handler.eventClients > 0; generation++) {
        catalog.announce({ added, removed: [], generation });
        await flush();
      }
      expect(handler.eventClients).toBe(0);
      client.socket.resume();

      await until(() => client.isClosed());
    });
  });
});
