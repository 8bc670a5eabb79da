import { describe, expect, it } from '@jest/globals';
import { createModelsHandler } from '../../src/server/createModelsHandler.js';
import { cleanupAfterEach } from '../helpers/cleanup.js';
import { ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { answers, rawConnection, statuses } from '../helpers/rawConnection.js';
import { createManager, startHandlerServer, until } from './handlerServer.js';

const cleanup = cleanupAfterEach();

/** A refresh route reading bodies of at most 100 bytes within 5 s of `clock`, reached over a kept-alive connection. */
async function refreshOverKeptAlive(): Promise<{ clock: ManualClock; connection: ReturnType<typeof rawConnection> }> {
  const clock = new ManualClock();
  const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
  const handler = createModelsHandler(manager, { adminToken: 'tok', clock, maxBodyBytes: 100, bodyTimeoutMs: 5_000 });
  const server = cleanup.closing(await startHandlerServer((req, res) => handler(req, res)));
  const connection = rawConnection(server.port);
  cleanup.defer(() => connection.socket.destroy());
  return { clock, connection };
}

const HEAD = 'POST /v1/models/refresh HTTP/1.1\r\nhost: x\r\nauthorization: Bearer tok\r\n';

describe('readBody', () => {
  describe('when the body does not arrive within timeoutMs', () => {
    it('should answer 408 naming the wait, and close even a kept-alive connection', async () => {
      const { clock, connection } = await refreshOverKeptAlive();
      connection.socket.write(`${HEAD}content-length: 16\r\n\r\n{"pro`);
      await until(() => clock.pendingTimers === 1);

      clock.advance(5_000);
      await connection.closed;

      const [answer] = answers(connection.received());
      expect(statuses(connection.received())).toEqual(['408']);
      expect(answer).toMatch(/^connection: close\r$/im);
      expect(answer).toContain('"message":"the request body did not arrive within 5000 ms; send it at once"');
    });
  });

  describe('when a chunked body grows past maxBytes', () => {
    it('should answer 413 naming the limit, and close even a kept-alive connection', async () => {
      const { connection } = await refreshOverKeptAlive();

      connection.socket.write(`${HEAD}transfer-encoding: chunked\r\n\r\n65\r\n${'x'.repeat(101)}\r\n`);
      await connection.closed;

      const [answer] = answers(connection.received());
      expect(statuses(connection.received())).toEqual(['413']);
      expect(answer).toMatch(/^connection: close\r$/im);
      expect(answer).toContain('"message":"the request body is larger than 100 bytes; send a smaller one"');
    });
  });
});
