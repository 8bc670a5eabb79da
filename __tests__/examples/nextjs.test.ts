import { afterAll, describe, expect, it } from '@jest/globals';
import { GET } from '../../examples/nextjs/app/v1/models/[[...path]]/route.js';
import { closeModels, manager } from '../../examples/nextjs/lib/models.js';

// The route is called as Next.js calls it, with a Web Request; next itself is not installed.
describe('examples/nextjs route handler', () => {
  afterAll(() => closeModels());

  it('should answer /v1/models and the routes below it', async () => {
    await manager.discoverModels(); // shares the request of the discovery the module started

    const list = await GET(new Request('http://localhost/v1/models'));
    const complete = await GET(new Request('http://localhost/v1/models/complete?q=llama'));
    const missing = await GET(new Request('http://localhost/v1/models/openai/o9'));

    expect(((await list.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
    expect(await complete.json()).toEqual({ items: ['ollama/llama3.1:8b'] });
    expect(missing.status).toBe(404);
  });
});
