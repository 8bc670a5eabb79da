import { describe, expect, it } from '@jest/globals';
import { start as startExpress } from '../../examples/frameworks/express.js';
import { start as startFastify } from '../../examples/frameworks/fastify.js';
import { start as startHono } from '../../examples/frameworks/hono.js';
import type { RunningExample, StartOptions } from '../../examples/frameworks/catalog.js';

// The examples import 'scoped-models', which resolves to the built package: `npm run build` first.
describe.each<[string, (options?: StartOptions) => Promise<RunningExample>]>([
  ['express', startExpress],
  ['fastify', startFastify],
  ['hono', startHono],
])('examples/frameworks/%s', (_name, start) => {
  it('should serve the list, the routes under it and /metrics, and leave other paths to the application', async () => {
    const server = await start({ port: 0, adminToken: 'example-token' });
    try {
      const list = await fetch(`${server.url}/v1/models`);
      const model = await fetch(`${server.url}/v1/models/openai/gpt-4o`);
      const complete = await fetch(`${server.url}/v1/models/complete?q=gpt`);
      const refresh = await fetch(`${server.url}/v1/models/refresh`, {
        method: 'POST',
        headers: { authorization: 'Bearer example-token', 'content-type': 'application/json' },
        body: '{"providers":["openai"]}',
      });
      const metrics = await fetch(`${server.url}/metrics`);
      const other = await fetch(`${server.url}/`);

      expect(list.status).toBe(200);
      expect(((await list.json()) as { data: { id: string }[] }).data.map((item) => item.id)).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
      expect(((await model.json()) as { context_window?: number }).context_window).toBe(128000);
      expect(await complete.json()).toEqual({ items: ['openai/gpt-4o'] });
      expect(((await refresh.json()) as { providers: { name: string }[] }).providers.map((provider) => provider.name)).toEqual(['openai']);
      expect(await metrics.text()).toContain('scoped_models_models{provider="openai"} 1');
      expect(await other.text()).toBe('the rest of the application');
    } finally {
      await server.close();
    }
  });
});
