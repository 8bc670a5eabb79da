import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import type { Logger } from '../../src/logging/Logger.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import { CAPABILITIES } from '../../src/capabilities/Capability.js';
import type { ModelCatalogReader } from '../../src/manager/ModelCatalogReader.js';
import type { ModelQuery } from '../../src/manager/types.js';
import { createModelsHandler } from '../../src/server/createModelsHandler.js';
import type { OpenAiModel, OpenAiModelList } from '../../src/server/openAiModel.js';
import { ControlledProvider, ListProvider } from '../helpers/ControlledProvider.js';
import { SpyModelCache } from '../helpers/SpyModelCache.js';
import { FakeCatalog } from './FakeCatalog.js';
import {
  createManager,
  json,
  send,
  serveShape,
  SHAPES,
  startHandlerServer,
  type ErrorBody,
  type HandlerServer,
  type HandlerShape,
  type ShapeOptions,
} from './handlerServer.js';

const servers: HandlerServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

let shape: HandlerShape;

async function serve(manager: ModelCatalogReader, options: ShapeOptions = {}): Promise<HandlerServer> {
  const server = await serveShape(shape, manager, options);
  servers.push(server);
  return server;
}

function catalog(): { openai: ListProvider; ollama: ListProvider; openrouter: ListProvider } {
  return {
    openai: new ListProvider('openai', [
      { id: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 128_000, capabilities: ['chat', 'vision'] },
      { id: 'text-embedding-3-small', capabilities: ['embedding'] },
    ]),
    ollama: new ListProvider('ollama', ['llama3.1:8b']),
    openrouter: new ListProvider('openrouter', ['meta-llama/llama-3.1-70b-instruct', 'openai/gpt-4o:free']),
  };
}

async function discoveredManager(): Promise<{ manager: ProviderManager; providers: ReturnType<typeof catalog> }> {
  const providers = catalog();
  const manager = createManager(Object.values(providers));
  await manager.discoverModels();
  return { manager, providers };
}

describe.each(SHAPES)('$name', (current) => {
  beforeEach(() => {
    shape = current;
  });

  describe('GET /v1/models', () => {
    describe('when called without a query', () => {
      it("should answer every valid model in OpenAI's list shape with what is known of each", async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/v1/models' });

        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        const body = json<OpenAiModelList>(response);
        expect(body.object).toBe('list');
        expect(body.data.map((model) => model.id)).toEqual(manager.validScopedModels());
        expect(body.data[0]).toEqual({
          id: 'ollama/llama3.1:8b',
          object: 'model',
          created: 0,
          owned_by: 'ollama',
          capabilities: ['chat'],
        });
        expect(body.data.find((model) => model.id === 'openai/gpt-4o')).toEqual({
          id: 'openai/gpt-4o',
          object: 'model',
          created: 0,
          owned_by: 'openai',
          display_name: 'GPT-4o',
          context_window: 128_000,
          capabilities: ['chat', 'vision', 'tools'], // tools: from the bundled catalog
          // The rest of what the bundled catalog knows of gpt-4o: the provider's list says none of it.
          max_output_tokens: 16_384,
          input_modalities: ['text', 'image'],
          output_modalities: ['text'],
          pricing: { input: 2.5, output: 10, cache_read: 1.25 },
        });
      });
    });

    describe('when the catalog knows facts about a model', () => {
      it('should carry limits, prices and modalities, and leave out what is unknown', async () => {
        const catalog = new FakeCatalog({
          openai: [
            {
              id: 'gpt-4o',
              contextWindow: 128_000,
              maxOutputTokens: 16_384,
              pricing: { input: 2.5, output: 10, cacheRead: 1.25 },
              inputModalities: ['text', 'image'],
              outputModalities: ['text'],
              capabilities: ['chat', 'vision', 'tools'],
            },
            'mystery',
          ],
        });
        const { port } = await serve(catalog);

        const { data } = json<OpenAiModelList>(await send(port, { path: '/v1/models' }));

        expect(data).toEqual([
          {
            id: 'openai/gpt-4o',
            object: 'model',
            created: 0,
            owned_by: 'openai',
            context_window: 128_000,
            max_output_tokens: 16_384,
            pricing: { input: 2.5, output: 10, cache_read: 1.25 },
            capabilities: ['chat', 'vision', 'tools'],
            input_modalities: ['text', 'image'],
            output_modalities: ['text'],
          },
          { id: 'openai/mystery', object: 'model', created: 0, owned_by: 'openai', capabilities: ['chat'] },
        ]);
      });
    });

    describe('when the query names providers or a capability', () => {
      it.each([
        ['?provider=ollama', ['ollama/llama3.1:8b']],
        ['?provider=ollama&provider=openai&capability=chat', ['ollama/llama3.1:8b', 'openai/gpt-4o']],
        ['?provider=ollama,openai&capability=chat', ['ollama/llama3.1:8b', 'openai/gpt-4o']],
        ['?capability=embedding', ['openai/text-embedding-3-small']],
        ['?provider=&capability=&unrelated=1', null],
      ])('should answer %s like validScopedModels with that query', async (query, expected) => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: `/v1/models${query}` });

        expect(response.status).toBe(200);
        expect(json<OpenAiModelList>(response).data.map((model) => model.id)).toEqual(expected ?? manager.validScopedModels());
      });

      it('should answer models with every capability given when capability is repeated, with min_context in tokens', async () => {
        const catalog = new FakeCatalog({
          openai: [
            { id: 'gpt-4o', contextWindow: 128_000, capabilities: ['chat', 'vision', 'tools'] },
            { id: 'gpt-4.1', contextWindow: 1_047_576, capabilities: ['chat', 'vision', 'tools'] },
            { id: 'o3-mini', contextWindow: 200_000, capabilities: ['chat', 'tools'] },
            { id: 'unknown-window', capabilities: ['chat', 'vision', 'tools'] },
          ],
        });
        const { port } = await serve(catalog);
        const ids = async (query: string): Promise<string[]> => json<OpenAiModelList>(await send(port, { path: `/v1/models${query}` })).data.map((model) => model.id);

        expect(await ids('?capability=vision&capability=TOOLS')).toEqual(['openai/gpt-4.1', 'openai/gpt-4o', 'openai/unknown-window']);
        expect(await ids('?capability=vision&capability=tools&min_context=200k')).toEqual(['openai/gpt-4.1']);
        expect(await ids('?min_context=1m')).toEqual(['openai/gpt-4.1']);
        expect(await ids('?min_context=128000&capability=tools')).toEqual(['openai/gpt-4.1', 'openai/gpt-4o', 'openai/o3-mini']);
        expect(await ids('?min_context=1.5k')).toEqual(['openai/gpt-4.1', 'openai/gpt-4o', 'openai/o3-mini']);
      });

      it.each(['0', 'lots', '-5', '200kk', '1e6'])('should answer min_context=%s with a 400 naming the parameter', async (value) => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: `/v1/models?min_context=${value}` });

        expect(response.status).toBe(400);
        expect(json<ErrorBody>(response).error).toMatchObject({ type: 'invalid_request_error', param: 'min_context', code: 'invalid_query' });
      });
    });

    describe('when the query names an unknown capability or provider', () => {
      it('should answer 400 listing the valid capabilities and suggesting the closest', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/v1/models?capability=embeddings' });

        expect(response.status).toBe(400);
        const { error } = json<ErrorBody>(response);
        expect(error).toMatchObject({ type: 'invalid_request_error', param: 'capability', code: 'unknown_capability' });
        expect(error.message).toContain('did you mean "embedding"?');
        expect(error.message).toContain(`valid values: ${CAPABILITIES.join(', ')}`);
      });

      it('should answer 400 listing the configured providers and suggesting the closest', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const typo = await send(port, { path: '/v1/models?provider=ollama,opneai' });
        const nothingClose = await send(port, { path: '/v1/models?provider=nope' });

        expect(typo.status).toBe(400);
        expect(json<ErrorBody>(typo).error).toEqual({
          type: 'invalid_request_error',
          param: 'provider',
          code: 'unknown_provider',
          message: 'unknown provider "opneai"; did you mean "openai"? valid values: ollama, openai, openrouter',
        });
        expect(json<ErrorBody>(nothingClose).error.message).toBe('unknown provider "nope"; valid values: ollama, openai, openrouter');
      });
    });

    describe('when the client sends If-None-Match', () => {
      it('should answer 304 with no body for the current ETag, weak or in a list, or *', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);
        const first = await send(port, { path: '/v1/models' });
        const etag = first.headers.etag!;
        expect(etag).toMatch(/^"[\w-]{27}"$/);

        for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
          const again = await send(port, { path: '/v1/models', headers: { 'if-none-match': ifNoneMatch } });
          expect(again.status).toBe(304);
          expect(again.text).toBe('');
          expect(again.headers.etag).toBe(etag);
        }
        const stale = await send(port, { path: '/v1/models', headers: { 'if-none-match': '"stale"' } });
        expect(stale.status).toBe(200);
      });
    });

    describe('when a discovery changes nothing', () => {
      it('should keep the ETag', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);
        const before = await send(port, { path: '/v1/models' });

        await manager.discoverModels();
        const after = await send(port, { path: '/v1/models', headers: { 'if-none-match': before.headers.etag! } });

        expect(after.status).toBe(304);
      });
    });

    describe('when a discovery changes the list', () => {
      it.each(['?provider=ollama', '?provider=ollama&capability=chat', '?capability=chat', '?provider=ollama,openai&capability=chat&capability=chat'])(
        'should not serve the body or ETag of a filtered list (%s) from before the change',
        async (query) => {
          const { manager, providers } = await discoveredManager();
          const { port } = await serve(manager);
          const before = await send(port, { path: `/v1/models${query}` });

          providers.ollama.models = ['llama3.1:8b', 'qwen2.5:7b'];
          await manager.discoverModels(['ollama']);
          const after = await send(port, { path: `/v1/models${query}`, headers: { 'if-none-match': before.headers.etag! } });
          const again = await send(port, { path: `/v1/models${query}` });

          expect(after.status).toBe(200);
          expect(after.headers.etag).not.toBe(before.headers.etag);
          expect(json<OpenAiModelList>(after).data.map((model) => model.id)).toContain('ollama/qwen2.5:7b');
          expect([again.text, again.headers.etag]).toEqual([after.text, after.headers.etag]);
        },
      );

      it('should serve the new list under a new ETag', async () => {
        const { manager, providers } = await discoveredManager();
        const { port } = await serve(manager);
        const before = await send(port, { path: '/v1/models' });

        providers.ollama.models = ['llama3.1:8b', 'qwen2.5:7b'];
        await manager.discoverModels();
        const after = await send(port, { path: '/v1/models', headers: { 'if-none-match': before.headers.etag! } });

        expect(after.status).toBe(200);
        expect(after.headers.etag).not.toBe(before.headers.etag);
        expect(json<OpenAiModelList>(after).data.map((model) => model.id)).toContain('ollama/qwen2.5:7b');
      });

      it("should keep the ETag of a query whose models did not change", async () => {
        const { manager, providers } = await discoveredManager();
        const { port } = await serve(manager);
        const before = await send(port, { path: '/v1/models?provider=openai' });

        providers.ollama.models = ['qwen2.5:7b'];
        await manager.discoverModels();
        const after = await send(port, { path: '/v1/models?provider=openai', headers: { 'if-none-match': before.headers.etag! } });

        expect(after.status).toBe(304);
      });
    });

    describe('when the list has not changed since the last request', () => {
      it('should reuse the serialised body without asking the manager for the list again', async () => {
        const cache = new SpyModelCache(new NullSentinelModelCache());
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])], { cache });
        await manager.discoverModels();
        const { port } = await serve(manager);
        const first = await send(port, { path: '/v1/models?provider=openai' });
        await send(port, { path: '/v1/models' });
        const reads = cache.gets;

        const second = await send(port, { path: '/v1/models?provider=openai' });
        await send(port, { path: '/v1/models' });
        await send(port, { path: '/v1/models', headers: { 'if-none-match': first.headers.etag! } });

        expect(cache.gets).toBe(reads);
        expect(second.text).toBe(first.text);
      });

      it('should keep answering correctly when clients send many distinct queries', async () => {
        const catalog = new FakeCatalog({ openai: [{ id: 'gpt-4o', contextWindow: 128_000 }, { id: 'gpt-4.1', contextWindow: 1_047_576 }] });
        const { port } = await serve(catalog);

        for (let i = 1; i <= 80; i++) {
          const response = await send(port, { path: `/v1/models?min_context=${i * 10}k` });
          expect(json<OpenAiModelList>(response).data.map((model) => model.id)).toEqual(i <= 12 ? ['openai/gpt-4.1', 'openai/gpt-4o'] : ['openai/gpt-4.1']);
        }
        const first = await send(port, { path: '/v1/models?min_context=10k' });

        expect(json<OpenAiModelList>(first).data).toHaveLength(2);
      });
    });

    describe('when different queries follow one another', () => {
      it('should answer each its own list, not one kept for another', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);
        const queries: [string, ModelQuery][] = [
          ['?provider=openai', { providers: ['openai'] }],
          ['?provider=ollama', { providers: ['ollama'] }],
          ['?capability=embedding', { capability: 'embedding' }],
          ['?capability=chat', { capability: 'chat' }],
          ['?capability=chat&capability=vision', { capabilities: ['chat', 'vision'] }],
          ['?capability=chat&capability=embedding', { capabilities: ['chat', 'embedding'] }],
        ];

        for (const [query, asked] of queries) {
          const response = await send(port, { path: `/v1/models${query}` });
          expect([query, json<OpenAiModelList>(response).data.map((model) => model.id)]).toEqual([query, manager.validScopedModels(asked)]);
        }
      });
    });

    describe('when the method is HEAD', () => {
      it('should answer the headers of GET without a body', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);
        const get = await send(port, { path: '/v1/models' });

        const head = await send(port, { method: 'HEAD', path: '/v1/models' });

        expect(head.status).toBe(200);
        expect(head.text).toBe('');
        expect(head.headers['content-length']).toBe(get.headers['content-length']);
        expect(head.headers.etag).toBe(get.headers.etag);
      });
    });
  });

  describe('GET /v1/models/{scoped id}', () => {
    describe('when the id is valid', () => {
      it.each([
        ['/v1/models/openai/gpt-4o', 'openai/gpt-4o'],
        ['/v1/models/openai%2Fgpt-4o', 'openai/gpt-4o'],
        ['/v1/models/ollama/llama3.1:8b', 'ollama/llama3.1:8b'],
        ['/v1/models/ollama%2Fllama3.1%3A8b', 'ollama/llama3.1:8b'],
        ['/v1/models/openrouter/meta-llama/llama-3.1-70b-instruct', 'openrouter/meta-llama/llama-3.1-70b-instruct'],
        ['/v1/models/openrouter%2Fopenai%2Fgpt-4o%3Afree', 'openrouter/openai/gpt-4o:free'],
      ])('should answer %s as the model %s', async (path, id) => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path });

        expect(response.status).toBe(200);
        expect(json<OpenAiModel>(response)).toMatchObject({ id, object: 'model', owned_by: id.split('/')[0] });
      });

      it('should find an id that holds "%" when it is sent raw', async () => {
        const manager = createManager([new ListProvider('local', ['50%-model'])]);
        await manager.discoverModels();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/v1/models/local/50%-model' });

        expect(json<OpenAiModel>(response).id).toBe('local/50%-model');
      });

      it('should find an id sent raw whose decoded form is another, unknown id', async () => {
        const manager = createManager([new ListProvider('local', ['a%41'])]);
        await manager.discoverModels();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/v1/models/local/a%41' });

        expect(json<OpenAiModel>(response).id).toBe('local/a%41');
      });

      it("should mark the shared catalog's answer Cache-Control: no-cache", async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/v1/models/openai/gpt-4o' });

        expect(response.headers['cache-control']).toBe('no-cache');
      });
    });

    describe('when the id is unknown or malformed', () => {
      it.each([
        ['an unknown model', '/v1/models/openai/gpt-5'],
        ['an id without a provider', '/v1/models/gpt-4o'],
        ['an empty id', '/v1/models/'],
        ['a broken percent-encoding', '/v1/models/%E0%A4%A'],
        ['a 5000-character id', `/v1/models/${'x'.repeat(5000)}`],
      ])('should answer %s with an OpenAI-style 404 and a short message', async (_label, path) => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path });

        expect(response.status).toBe(404);
        const { error } = json<ErrorBody>(response);
        expect(error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
        expect(error.message.length).toBeLessThan(400);
      });

      it('should name the id as sent, decoded, and cut after 200 characters', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);
        const message = async (id: string): Promise<string> => json<ErrorBody>(await send(port, { path: `/v1/models/${id}` })).error.message;
        const long = `openai/${'x'.repeat(193)}`;

        expect(await message('openai%2Fgpt-5')).toBe('the model "openai/gpt-5" does not exist or cannot be picked now; GET /v1/models lists the valid ones');
        expect(await message(long)).toContain(`"${long}" does not`);
        expect(await message(`${long}y`)).toContain(`"${long}…" does not`);
      });
    });
  });

  describe('GET /v1/models/complete', () => {
    describe('when q is a partial id', () => {
      it('should answer the ranked completions, best first', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/v1/models/complete?q=gpt' });

        expect(response.status).toBe(200);
        expect(json<{ items: string[] }>(response).items).toEqual([
          'openai/gpt-4o',
          'openrouter/openai/gpt-4o:free',
        ]);
      });

      it('should complete only chat models unless capability names another', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const chat = await send(port, { path: '/v1/models/complete?q=text' });
        const embedding = await send(port, { path: '/v1/models/complete?q=text&capability=Embedding' });

        expect(json<{ items: string[] }>(chat).items).toEqual([]);
        expect(json<{ items: string[] }>(embedding).items).toEqual(['openai/text-embedding-3-small']);
      });

      it('should answer an unknown capability with a 400 suggesting the closest, and two with a 400', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const typo = await send(port, { path: '/v1/models/complete?q=o&capability=embeddings' });
        const twice = await send(port, { path: '/v1/models/complete?q=o&capability=chat&capability=vision' });

        expect(typo.status).toBe(400);
        expect(json<ErrorBody>(typo).error).toMatchObject({ param: 'capability', code: 'unknown_capability', message: expect.stringContaining('did you mean "embedding"?') });
        expect(twice.status).toBe(400);
        expect(json<ErrorBody>(twice).error).toMatchObject({
          param: 'capability',
          code: 'invalid_query',
          message: 'give "capability" at most once here, e.g. capability=embedding',
        });
      });

      it('should honour limit and capability', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const limited = await send(port, { path: '/v1/models/complete?q=&limit=2' });
        const embeddings = await send(port, { path: '/v1/models/complete?q=o&capability=embedding' });

        expect(json<{ items: string[] }>(limited).items).toHaveLength(2);
        expect(json<{ items: string[] }>(embeddings).items).toEqual(['openai/text-embedding-3-small']);
      });

      it('should cap limit at maxCompletions and find nothing for a q with white space', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager, { maxCompletions: 1 });

        const capped = await send(port, { path: '/v1/models/complete?q=o&limit=50' });
        const spaced = await send(port, { path: '/v1/models/complete?q=gpt%204o' });

        expect(json<{ items: string[] }>(capped).items).toHaveLength(1);
        expect(json<{ items: string[] }>(spaced).items).toEqual([]);
      });

      it('should keep answering when clients ask for many capabilities', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        for (const capability of CAPABILITIES) expect((await send(port, { path: `/v1/models/complete?q=a&capability=${capability}` })).status).toBe(200);
        const response = await send(port, { path: '/v1/models/complete?q=llama' });

        expect(json<{ items: string[] }>(response).items[0]).toBe('ollama/llama3.1:8b');
      });
    });

    describe('when q or limit is left out or empty', () => {
      it('should complete every id, at most 20 and at most maxCompletions', async () => {
        const manager = createManager([new ListProvider('openai', Array.from({ length: 25 }, (_, i) => `model-${String(i).padStart(2, '0')}`))]);
        await manager.discoverModels();
        const { port } = await serve(manager);
        const { port: cappedPort } = await serve(manager, { maxCompletions: 3 });
        const items = async (at: number, query: string): Promise<string[]> => json<{ items: string[] }>(await send(at, { path: `/v1/models/complete${query}` })).items;

        const all = await items(port, '?q=');

        expect(all).toHaveLength(20);
        expect(await items(port, '')).toEqual(all);
        expect(await items(port, '?q=&limit=')).toEqual(all);
        expect(await items(cappedPort, '?q=')).toEqual(all.slice(0, 3));
        expect(await items(port, '?q=&limit=1')).toEqual(all.slice(0, 1));
      });

      it("should mark the shared catalog's answer Cache-Control: no-cache", async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/v1/models/complete?q=gpt' });

        expect(response.headers['cache-control']).toBe('no-cache');
      });
    });

    describe('when limit is not a positive whole number', () => {
      it.each(['0', '-1', '2.5', 'ten'])('should answer limit=%s with a 400', async (limit) => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: `/v1/models/complete?q=g&limit=${limit}` });

        expect(response.status).toBe(400);
        expect(json<ErrorBody>(response).error).toMatchObject({ param: 'limit', code: 'invalid_query', message: '"limit" must be a whole number from 1 to 100' });
      });
    });
  });

  describe('GET /healthz', () => {
    describe('when every provider is well', () => {
      it('should answer ok with each provider state', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path: '/healthz' });

        expect(response.status).toBe(200);
        const body = json<{ status: string; models: number; generation: number; providers: { name: string; state: string }[] }>(response);
        expect(body).toMatchObject({ status: 'ok', models: 5, generation: manager.generation });
        expect(body.providers.map((provider) => [provider.name, provider.state])).toEqual([
          ['ollama', 'ok'],
          ['openai', 'ok'],
          ['openrouter', 'ok'],
        ]);
        expect(response.headers['cache-control']).toBe('no-store');
      });
    });

    describe('when a provider failed', () => {
      it('should answer degraded, and never show a key', async () => {
        const provider = new ControlledProvider('openai');
        const manager = createManager([provider], {
          config: { providers: [{ name: 'openai', type: 'openai', apiKey: 'sk-secret-123' }] },
        });
        const { port } = await serve(manager);
        const discovery = manager.discoverModels();
        provider.fail(new Error('rejected key sk-secret-123'));
        await discovery;

        const response = await send(port, { path: '/healthz' });

        expect(json<{ status: string }>(response).status).toBe('degraded');
        expect(response.text).toContain('lastError');
        expect(response.text).not.toContain('sk-secret-123');
      });
    });
  });

  describe('routing', () => {
    describe('when the path is unknown', () => {
      it.each(['/', '/v1', '/v1/model', '/v1/models/refresh', '/healthz/x', '/v2/models'])('should answer %s with a 404', async (path) => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { path });

        expect(response.status).toBe(404);
        expect(json<ErrorBody>(response).error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'unknown_url' });
      });

      it('should name the method and the path, cut after 200 characters, and point to GET /v1/models', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);
        const message = async (path: string): Promise<string> => json<ErrorBody>(await send(port, { method: 'DELETE', path })).error.message;
        const long = `/${'x'.repeat(199)}`;

        expect(await message('/v2/models')).toBe('unknown request URL: DELETE /v2/models; see GET /v1/models');
        expect(await message(long)).toBe(`unknown request URL: DELETE ${long}; see GET /v1/models`);
        expect(await message(`${long}y`)).toBe(`unknown request URL: DELETE ${long}…; see GET /v1/models`);
      });
    });

    describe('when the method is wrong', () => {
      it.each([
        ['POST', '/v1/models', 'GET, HEAD'],
        ['DELETE', '/v1/models/openai/gpt-4o', 'GET, HEAD'],
        ['PUT', '/v1/models/complete', 'GET, HEAD'],
        ['POST', '/v1/models/events', 'GET'],
        ['OPTIONS', '/healthz', 'GET, HEAD'],
      ])('should answer %s %s with a 405 and Allow: %s', async (method, path, allowed) => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { method, path });

        expect(response.status).toBe(405);
        expect(response.headers.allow).toBe(allowed);
        expect(json<ErrorBody>(response).error.code).toBe('method_not_allowed');
      });

      it('should say in the message which methods to use', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager);

        const response = await send(port, { method: 'PATCH', path: '/v1/models' });

        expect(json<ErrorBody>(response).error.message).toBe('PATCH is not allowed here; use GET, HEAD');
      });

      it('should answer GET /v1/models/refresh, when an admin token is set, with a 405 and Allow: POST', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager, { adminToken: 'admin' });

        const response = await send(port, { path: '/v1/models/refresh' });

        expect(response.status).toBe(405);
        expect(response.headers.allow).toBe('POST');
        expect(json<ErrorBody>(response).error.message).toBe('GET is not allowed here; use POST');
      });
    });

    describe('when a read route is sent a body over the limit', () => {
      it('should answer 413 without draining it', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager, { maxBodyBytes: 1024 });

        const response = await send(port, { method: 'GET', path: '/v1/models', headers: { 'content-length': '2048' }, body: Buffer.alloc(2048, 'x') });

        expect(response.status).toBe(413);
        expect(json<ErrorBody>(response).error.code).toBe('request_too_large');
      });
    });

    describe('when a read route is sent a body of exactly the limit', () => {
      it('should answer as if it had none', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager, { maxBodyBytes: 1024 });

        const response = await send(port, { method: 'GET', path: '/v1/models', headers: { 'content-length': '1024' }, body: Buffer.alloc(1024, 'x') });

        expect(response.status).toBe(200);
        expect(json<OpenAiModelList>(response).data.map((model) => model.id)).toEqual(manager.validScopedModels());
      });
    });

    describe('when a basePath is set', () => {
      it('should serve every route under it, /healthz included, and nothing outside it', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager, { basePath: '/api' });

        const statuses = await Promise.all(
          ['/api/v1/models', '/api/v1/models/openai/gpt-4o', '/api/healthz', '/v1/models', '/healthz'].map(
            async (path) => (await send(port, { path })).status,
          ),
        );

        expect(statuses).toEqual([200, 200, 200, 404, 404]);
      });

      it('should not read a basePath holding "&" and "=" as a query', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager, { basePath: '/x&capability=nobody' });

        const list = await send(port, { path: '/x&capability=nobody/v1/models' });
        const completions = await send(port, { path: '/x&capability=nobody/v1/models/complete' });

        expect(json<OpenAiModelList>(list).data.map((model) => model.id)).toEqual(manager.validScopedModels());
        expect(completions.status).toBe(200);
      });
    });

    describe('when something unexpected fails inside', () => {
      it('should answer a bare 500 and log the cause', async () => {
        const { manager } = await discoveredManager();
        const warnings: string[] = [];
        const logger: Logger = { warn: (message) => warnings.push(message), info: () => {} };
        jest.spyOn(manager, 'providerStatus').mockImplementation(() => {
          throw new Error('status store broke');
        });
        const { port } = await serve(manager, { logger });

        const response = await send(port, { path: '/healthz?x=1' });

        expect(response.status).toBe(500);
        expect(json<ErrorBody>(response).error).toMatchObject({ type: 'server_error', code: 'internal_error' });
        expect(json<ErrorBody>(response).error.message).toBe('the server failed to answer this request; see its log');
        expect(response.text).not.toContain('status store broke');
        expect(warnings).toEqual(['GET /healthz failed: status store broke']);
      });
    });

    describe('when clients send arbitrary paths, methods and headers', () => {
      it('should always answer a JSON body below 500', async () => {
        const { manager } = await discoveredManager();
        const { port } = await serve(manager, { adminToken: 'admin' });
        const segment = fc.stringMatching(/^[A-Za-z0-9%._~:@!$&'()*+,;=?-]{0,12}$/);
        const path = fc.oneof(
          fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
          fc.array(segment, { maxLength: 3 }).map((parts) => `/v1/models/${parts.join('/')}`),
          segment.map((query) => `/v1/models?${query}`),
          segment.map((query) => `/v1/models/complete?${query}`),
        );
        const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
        const ifNoneMatch = fc.option(fc.stringMatching(/^[ -~]{0,20}$/), { nil: undefined });

        await fc.assert(
          fc.asyncProperty(path, method, ifNoneMatch, async (p, m, inm) => {
            if (p.endsWith('/events') && m === 'GET') return;
            const response = await send(port, { method: m, path: p, headers: inm === undefined ? {} : { 'if-none-match': inm } });
            expect(response.status).toBeLessThan(500);
            if (m !== 'HEAD' && response.status !== 304) expect(() => JSON.parse(response.text) as unknown).not.toThrow();
          }),
          { numRuns: 150 },
        );
      });
    });
  });

  describe('options', () => {
    describe('when an option is invalid', () => {
      it.each<[ShapeOptions, string]>([
        [{ basePath: 'api' }, 'basePath'],
        [{ basePath: '/api/' }, 'basePath'],
        [{ adminToken: ' ' }, 'adminToken'],
        [{ heartbeatMs: 0 }, 'heartbeatMs'],
        [{ maxBodyBytes: 1.5 }, 'maxBodyBytes'],
        [{ bodyTimeoutMs: -1 }, 'bodyTimeoutMs'],
        [{ maxEventClients: Number.NaN }, 'maxEventClients'],
      ])('should throw at construction for %j, naming %s', (options, name) => {
        const manager = createManager([]);

        expect(() => shape.create(manager, options)).toThrow(expect.objectContaining({ code: 'invalid_option', message: expect.stringContaining(name) }));
      });

      it.each<[ShapeOptions, string]>([
        [{ basePath: 'api' }, 'basePath must be empty or start with "/" and not end with "/" (e.g. "/api"); got "api"'],
        [{ adminToken: '' }, 'adminToken must not be empty; leave it out to disable POST /v1/models/refresh'],
        [{ maxCompletions: 0 }, 'maxCompletions must be a positive integer; got 0'],
      ])('should say, for %j, which factory and option failed, and what it takes', (options, problem) => {
        const manager = createManager([]);

        expect(() => shape.create(manager, options)).toThrow(expect.objectContaining({ message: `${shape.name}: option ${problem}` }));
      });
    });
  });
});

describe('createModelsHandler', () => {
  describe('routing', () => {
    describe('when mounted with a next function (Express style)', () => {
      it('should pass paths it does not serve to next, and serve its own', async () => {
        const { manager } = await discoveredManager();
        const handler = createModelsHandler(manager);
        const server = await startHandlerServer((req, res) => {
          handler(req, res, () => {
            res.writeHead(418).end('next');
          });
        });
        servers.push(server);

        const other = await send(server.port, { path: '/elsewhere' });
        const own = await send(server.port, { path: '/v1/models' });

        expect([other.status, other.text]).toEqual([418, 'next']);
        expect(own.status).toBe(200);
      });
    });

  });
});
