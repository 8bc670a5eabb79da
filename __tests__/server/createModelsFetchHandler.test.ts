import { describe, expect, it } from '@jest/globals';
import { createModelsFetchHandler } from '../../src/server/createModelsFetchHandler.js';
import { cleanupAfterEach } from '../helpers/cleanup.js';
import { ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { createManager } from './handlerServer.js';

const cleanup = cleanupAfterEach();
const EVENTS = 'http://127.0.0.1/v1/models/events';

/** The fetch handler called directly, as Bun or Deno would: its event body is read (or not) by the test. */
async function eventHandler(): Promise<{ handler: ReturnType<typeof createModelsFetchHandler>; provider: ListProvider; manager: ReturnType<typeof createManager>; clock: ManualClock }> {
  const clock = new ManualClock();
  const provider = new ListProvider('openai', ['gpt-4o']);
  const manager = createManager([provider]);
  await manager.discoverModels();
  const handler = createModelsFetchHandler(manager, { clock, heartbeatMs: 1_000 });
  cleanup.defer(() => handler.close());
  return { handler, provider, manager, clock };
}

describe(createModelsFetchHandler, () => {
  describe('HEAD /v1/models', () => {
    describe('when called directly, with no server to drop a body', () => {
      it('should answer the headers of GET with a null body', async () => {
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
        await manager.discoverModels();
        const handler = createModelsFetchHandler(manager);
        cleanup.defer(() => handler.close());
        const get = await handler(new Request('http://127.0.0.1/v1/models'));

        const head = await handler(new Request('http://127.0.0.1/v1/models', { method: 'HEAD' }));

        expect(head.status).toBe(200);
        expect(head.body).toBeNull();
        expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
        expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
      });
    });
  });

  describe('GET /v1/models/events', () => {
    describe('when the client stops reading', () => {
      it('should cut it off once more than 1 MiB waits for it, erroring its body', async () => {
        const { handler, provider, manager, clock } = await eventHandler();
        const response = await handler(new Request(EVENTS));
        const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
        // Cancelling a body that was errored rejects with its error: the test has asserted that already.
        cleanup.defer(() => reader.cancel().catch(() => undefined));
        const ready = await reader.read();
        expect(new TextDecoder().decode(ready.value)).toContain('event: ready');

        // One change event of about 1.3 MB that the client never takes; the next heartbeat finds it waiting.
        provider.models = Array.from({ length: 6_000 }, (_, i) => `model-${String(i).padStart(200, '0')}`);
        await manager.discoverModels();
        expect(handler.eventClients).toBe(1);
        clock.advance(1_000);

        expect(handler.eventClients).toBe(0);
        await expect(reader.read()).rejects.toThrow('the event-stream client was too slow and was cut off');
      });
    });

    describe('when the request is aborted', () => {
      it('should release the client', async () => {
        const { handler } = await eventHandler();
        const controller = new AbortController();
        const response = await handler(new Request(EVENTS, { signal: controller.signal }));
        cleanup.defer(() => response.body?.cancel());
        expect(handler.eventClients).toBe(1);

        controller.abort();

        expect(handler.eventClients).toBe(0);
      });

      it('should not count a client whose request was aborted before its body started', async () => {
        const { handler } = await eventHandler();

        const response = await handler(new Request(EVENTS, { signal: AbortSignal.abort() }));
        cleanup.defer(() => response.body?.cancel());

        expect(handler.eventClients).toBe(0);
      });
    });
  });
});
