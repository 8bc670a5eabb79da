import { describe, expect, it } from '@jest/globals';
import { start } from '../../examples/serve-with-inversify.js';

describe('examples/serve-with-inversify', () => {
  describe('when started with an admin token in the environment', () => {
    it('should serve the list, and refresh only with the token', async () => {
      const server = await start({ port: 0, environment: { SCOPED_MODELS_ADMIN_TOKEN: 'example-token' } });
      try {
        const list = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: { id: string; display_name?: string }[] };
        const refused = await fetch(`${server.url}/v1/models/refresh`, { method: 'POST' });
        const refreshed = await fetch(`${server.url}/v1/models/refresh`, {
          method: 'POST',
          headers: { authorization: 'Bearer example-token' },
        });

        expect(list.data.map((model) => model.id)).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
        expect(list.data[1]?.display_name).toBe('GPT-4o');
        expect(refused.status).toBe(401);
        expect(refreshed.status).toBe(200);
      } finally {
        await server.close();
      }
    });
  });
});
