import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { get } from 'node:http';
import { Registry } from 'prom-client';
import type { ModelCatalogReader } from '../../src/manager/ModelCatalogReader.js';
import { createManager, send, serveShape, SHAPES, until, type HandlerServer, type HandlerShape, type ShapedHandler, type ShapeOptions } from './handlerServer.js';
import { ListProvider } from '../helpers/ControlledProvider.js';

const servers: HandlerServer[] = [];
const handlers: ShapedHandler[] = [];
let shape: HandlerShape;

afterEach(async () => {
  // Closing a handler takes its metrics out of the registry and ends its event streams.
  for (const handler of handlers.splice(0)) handler.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Serves the current shape over `reader`; the handler and the server are closed after the test. */
async function serve(reader: ModelCatalogReader, options: ShapeOptions): Promise<HandlerServer & { handler: ShapedHandler }> {
  const server = await serveShape(shape, reader, options);
  handlers.push(server.handler);
  servers.push(server);
  return server;
}

async function discovered(): Promise<ReturnType<typeof createManager>> {
  const manager = createManager([new ListProvider('openai', ['gpt-4o', 'o3']), new ListProvider('ollama', ['llama3.1:8b'])]);
  await manager.discoverModels();
  return manager;
}

describe.each(SHAPES)('$name', (current) => {
  beforeEach(() => {
    shape = current;
  });

  describe('GET /metrics', () => {
    describe('when metrics is true', () => {
      it('should answer Prometheus text with the models of each provider', async () => {
        const server = await serve(await discovered(), { metrics: true });

        const response = await send(server.port, { path: '/metrics' });

        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.text).toContain('scoped_models_models{provider="openai"} 2');
        expect(response.text).toContain('scoped_models_models{provider="ollama"} 1');
      });

      it('should still answer 404 for paths it does not serve', async () => {
        const server = await serve(await discovered(), { metrics: true });

        const response = await send(server.port, { path: '/metrics/x' });

        expect(response.status).toBe(404);
      });

      it('should count event-stream clients while they are connected', async () => {
        const server = await serve(await discovered(), { metrics: true });
        const gauge = async (): Promise<string | undefined> => /^scoped_models_sse_clients (\d+)$/m.exec((await send(server.port, { path: '/metrics' })).text)?.[1];

        const stream = get({ host: '127.0.0.1', port: server.port, path: '/v1/models/events', agent: false });
        stream.on('error', () => {});
        await until(() => server.handler.eventClients === 1);
        const connected = await gauge();
        stream.destroy();
        await until(() => server.handler.eventClients === 0);

        expect(connected).toBe('1');
        expect(await gauge()).toBe('0');
      });
    });

    describe('when the application passes its registry', () => {
      it('should register there, and unregister when the handler closes', async () => {
        const registry = new Registry();
        const server = await serve(await discovered(), { metrics: { registry } });

        const before = await registry.metrics();
        server.handler.close();
        const after = await registry.metrics();

        expect(before).toContain('scoped_models_models{provider="openai"} 2');
        expect(after.trim()).toBe('');
      });
    });

    describe('when metrics is off', () => {
      it('should not serve /metrics', async () => {
        const server = await serve(await discovered(), {});

        const response = await send(server.port, { path: '/metrics' });

        expect(response.status).toBe(404);
      });
    });
  });
});
