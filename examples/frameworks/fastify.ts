// Fastify 5: hand the raw Node request and response to the handler on the routes it owns.
// The plugin takes request bodies as they are, so POST /v1/models/refresh reads its own.
import Fastify, { type FastifyPluginCallback } from 'fastify';
import { createModelsHandler, type ModelsHandler } from 'scoped-models';
import { openCatalog, type RunningExample, type StartOptions } from './catalog.js';

function modelsPlugin(handler: ModelsHandler): FastifyPluginCallback {
  return (instance, _options, done) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const url of ['/v1/models', '/v1/models/*', '/healthz', '/metrics']) {
      instance.all(url, (request, reply) => {
        reply.hijack(); // the handler writes the response itself
        handler(request.raw, reply.raw);
      });
    }
    done();
  };
}

export async function start({ port = 0, adminToken }: StartOptions = {}): Promise<RunningExample> {
  const catalog = await openCatalog();
  const models = createModelsHandler(catalog.manager, { metrics: true, adminToken });
  const app = Fastify();
  await app.register(modelsPlugin(models));
  app.get('/', (_request, reply) => reply.send('the rest of the application'));
  const url = await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      models.close();
      await app.close();
      await catalog.close();
    },
  };
}
