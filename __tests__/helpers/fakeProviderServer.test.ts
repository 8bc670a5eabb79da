import { afterEach, describe, expect, it } from '@jest/globals';
import { startFakeServer, startOpenAiServer, type FakeServer } from './fakeProviderServer.js';

describe('fakeProviderServer', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  describe('startOpenAiServer', () => {
    describe('when asked with the right key', () => {
      it('should list the models in OpenAI shape and count the request', async () => {
        const openAi = await startOpenAiServer({ models: ['gpt-4o', { id: 'x', owned_by: 'me' }], apiKey: 'k' });
        server = openAi;
        const response = await fetch(`${openAi.baseUrl}/models`, { headers: { authorization: 'Bearer k' } });
        const body = (await response.json()) as { object: string; data: { id: string; owned_by: string }[] };
        expect(body.object).toBe('list');
        expect(body.data.map((m) => [m.id, m.owned_by])).toEqual([['gpt-4o', 'system'], ['x', 'me']]);
        expect(openAi.modelRequests).toBe(1);
        expect(openAi.requests[0]?.path).toBe('/v1/models');
      });
    });

    describe('when the key is missing', () => {
      it('should answer 401', async () => {
        const openAi = await startOpenAiServer({ models: ['gpt-4o'], apiKey: 'k' });
        server = openAi;
        const response = await fetch(`${openAi.baseUrl}/models`);
        expect(response.status).toBe(401);
        await response.body?.cancel();
      });
    });

    describe('when the models change', () => {
      it('should list the new models', async () => {
        const openAi = await startOpenAiServer({ models: ['a'] });
        server = openAi;
        openAi.setModels(['b']);
        const body = (await (await fetch(`${openAi.baseUrl}/models`)).json()) as { data: { id: string }[] };
        expect(body.data.map((m) => m.id)).toEqual(['b']);
      });
    });
  });

  describe('startFakeServer', () => {
    describe('when the handler throws', () => {
      it('should answer 500', async () => {
        server = await startFakeServer(() => {
          throw new Error('boom');
        });
        const response = await fetch(`${server.url}/anything?x=1`);
        expect(response.status).toBe(500);
        expect(server.requests[0]?.query.get('x')).toBe('1');
        await response.body?.cancel();
      });
    });

    describe('when a request is never answered', () => {
      it('should still close', async () => {
        const hanging = await startFakeServer(() => undefined);
        // Closed again after the test (a second close is harmless), should this one not be reached.
        server = hanging;
        const pending = fetch(`${hanging.url}/`).catch((error: unknown) => error);
        while (hanging.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        await hanging.close();
        expect(await pending).toMatchObject({ name: 'TypeError' });
      });
    });
  });
});
