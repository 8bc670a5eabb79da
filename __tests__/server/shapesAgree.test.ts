import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ListProvider } from '../helpers/ControlledProvider.js';
import { createManager, send, serveShape, SHAPES, type HandlerServer } from './handlerServer.js';

const servers: HandlerServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The parts of an answer both shapes must agree on. */
const COMPARED_HEADERS = ['content-type', 'content-length', 'etag', 'cache-control', 'allow', 'www-authenticate', 'retry-after'];

describe('createModelsHandler and createModelsFetchHandler', () => {
  describe('when sent the same request', () => {
    it('should answer the same status, headers and body', async () => {
      const manager = createManager([
        new ListProvider('openai', [{ id: 'gpt-4o', contextWindow: 128_000, capabilities: ['chat', 'vision'] }, { id: 'text-embedding-3-small', capabilities: ['embedding'] }]),
        new ListProvider('ollama', ['llama3.1:8b']),
      ]);
      await manager.discoverModels();
      const ports: number[] = [];
      for (const shape of SHAPES) {
        const server = await serveShape(shape, manager, { adminToken: 'admin', metrics: false });
        servers.push(server);
        ports.push(server.port);
      }
      const segment = fc.constantFrom('openai', 'gpt-4o', 'ollama', 'llama3.1:8b', 'openai%2Fgpt-4o', 'complete', 'refresh', 'x', '');
      const query = fc.constantFrom('', '?provider=openai', '?provider=nope', '?capability=vision&capability=chat', '?capability=embeddings', '?min_context=100k', '?q=gpt&limit=1', '?q=text&capability=embedding', '?limit=0');
      const path = fc.oneof(
        fc.tuple(fc.array(segment, { maxLength: 3 }), query).map(([parts, q]) => `/v1/models${parts.length === 0 ? '' : `/${parts.join('/')}`}${q}`),
        fc.constantFrom('/healthz', '/metrics', '/', '/v2/models'),
      );
      const method = fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE');
      const authorization = fc.constantFrom(undefined, 'Bearer admin', 'Bearer wrong');

      await fc.assert(
        fc.asyncProperty(path, method, authorization, async (p, m, auth) => {
          const headers = auth === undefined ? {} : { authorization: auth };
          const [node, web] = await Promise.all(ports.map((port) => send(port, { method: m, path: p, headers })));
          const pick = (response: NonNullable<typeof node>): unknown => ({
            status: response.status,
            headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers[name]])),
            // A refresh report carries its own start time and duration.
            body: response.text.replace(/"startedAt":"[^"]*","durationMs":\d+/, '').replace(/"durationMs":\d+/g, ''),
          });
          expect(pick(web!)).toEqual(pick(node!));
        }),
        { numRuns: 120 },
      );
    });
  });

  describe('when the query itself begins with "?"', () => {
    it.each(['/v1/models??provider=ollama', '/v1/models/complete??q=llama'])('should read %s alike', async (path) => {
      const manager = createManager([new ListProvider('openai', ['gpt-4o']), new ListProvider('ollama', ['llama3.1:8b'])]);
      await manager.discoverModels();
      const answers: string[] = [];
      for (const shape of SHAPES) {
        const server = await serveShape(shape, manager);
        servers.push(server);
        answers.push((await send(server.port, { path })).text);
      }

      expect(answers[1]).toBe(answers[0]);
    });
  });
});
