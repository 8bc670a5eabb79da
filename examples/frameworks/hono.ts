// Hono on Node (@hono/node-server): the Web-standard handler takes Hono's raw Request.
// The same handler serves Bun, Deno and Cloudflare-style runtimes unchanged.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { createModelsFetchHandler } from 'scoped-models';
import { openCatalog, type RunningExample, type StartOptions } from './catalog.js';

export async function start({ port = 0, adminToken }: StartOptions = {}): Promise<RunningExample> {
  const catalog = await openCatalog();
  const models = createModelsFetchHandler(catalog.manager, { metrics: true, adminToken });
  const app = new Hono();
  for (const path of ['/v1/models', '/v1/models/*', '/healthz', '/metrics']) app.all(path, (c) => models(c.req.raw));
  app.get('/', (c) => c.text('the rest of the application'));
  let listening: (address: AddressInfo) => void = () => {};
  const address = new Promise<AddressInfo>((resolve) => (listening = resolve));
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => listening(info));
  return {
    url: `http://127.0.0.1:${(await address).port}`,
    close: async () => {
      models.close();
      await new Promise((resolve) => server.close(resolve));
      await catalog.close();
    },
  };
}
