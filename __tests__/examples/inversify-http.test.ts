import { describe, expect, it } from '@jest/globals';
import { start } from '../../examples/inversify-http/server.js';

describe('examples/inversify-http', () => {
  it("should serve the catalog through ModelsController beside the application's own controllers", async () => {
    const server = await start(0);
    try {
      const list = await fetch(`${server.url}/v1/models`);
      const etag = list.headers.get('etag') ?? '';
      const again = await fetch(`${server.url}/v1/models`, { headers: { 'if-none-match': etag } });
      const model = await fetch(`${server.url}/v1/models/ollama/llama3.1:8b`);
      const complete = await fetch(`${server.url}/v1/models/complete?q=gpt`);
      const home = await fetch(`${server.url}/`);

      expect(((await list.json()) as { data: { id: string }[] }).data.map((item) => item.id)).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
      expect(again.status).toBe(304);
      expect(((await model.json()) as { id: string }).id).toBe('ollama/llama3.1:8b');
      expect(await complete.json()).toEqual({ items: ['openai/gpt-4o'] });
      expect(await home.text()).toBe('the rest of the application');
    } finally {
      await server.close();
    }
  });
});
