import { describe, expect, it } from '@jest/globals';
import { createModelsFetchHandler } from '../../src/server/createModelsFetchHandler.js';
import { ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { createManager, type ErrorBody } from './handlerServer.js';

describe('readWebBody', () => {
  describe('when the body stream fails before its end (the client went away)', () => {
    it('should answer 400 client_closed, with its timer cancelled', async () => {
      const clock = new ManualClock();
      const handler = createModelsFetchHandler(createManager([new ListProvider('openai', ['gpt-4o'])]), { adminToken: 'tok', clock });
      let fail: (error: Error) => void = () => undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"pro'));
          fail = (error) => controller.error(error);
        },
      });

      const answering = handler(new Request('http://models.test/v1/models/refresh', { method: 'POST', headers: { authorization: 'Bearer tok' }, body, duplex: 'half' }));
      fail(new Error('socket hang up'));
      const response = await answering;

      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error).toMatchObject({
        code: 'client_closed',
        message: 'the client closed the connection before sending the whole body',
      });
      expect(clock.pendingTimers).toBe(0);
    });
  });
});
