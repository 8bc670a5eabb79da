import { afterEach, describe, expect, it } from '@jest/globals';
import { OpenAiCompatibleProvider } from '../../src/providers/OpenAiCompatibleProvider.js';
import { openAiError, sendJson, startFakeServer, startOpenAiServer, type FakeHandler, type FakeServer } from '../helpers/fakeProviderServer.js';

const servers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: FakeHandler): Promise<FakeServer> {
  const server = await startFakeServer(handler);
  servers.push(server);
  return server;
}

const signal = (): AbortSignal => new AbortController().signal;

describe('OpenAiCompatibleProvider', () => {
  describe('.listModels', () => {
    describe('when the server answers a bare array (Together)', () => {
      it('should read ids, display names, context lengths, prices per million tokens and types', async () => {
        const server = await serve((_req, res) =>
          sendJson(res, 200, [
            {
              id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
              object: 'model',
              type: 'chat',
              display_name: 'Llama 3.3 70B',
              context_length: 131072,
              pricing: { hourly: 0, input: 0.88, output: 0.88, base: 0, finetune: 0 },
            },
            { id: 'BAAI/bge-large-en-v1.5', object: 'model', type: 'embedding', context_length: 512 },
            { id: 'black-forest-labs/FLUX.1-schnell', object: 'model', type: 'image' },
            { id: 'meta-llama/Llama-Guard-3-8B', object: 'model', type: 'moderation' },
            { id: 'mistralai/Mixtral-8x7B-v0.1', object: 'model', type: 'language' },
            { id: 'cartesia/sonic-2', object: 'model', type: 'audio' },
            { id: 'openai/whisper-large-v3', object: 'model', type: 'transcribe' },
          ]),
        );
        const provider = new OpenAiCompatibleProvider({ name: 'together', preset: 'together', baseUrl: `${server.url}/v1`, apiKey: 'tg-key' });
        const listing = await provider.listModels(signal());
        expect(listing).toEqual({
          invalid: 0,
          models: [
            {
              id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
              displayName: 'Llama 3.3 70B',
              contextWindow: 131072,
              pricing: { input: 0.88, output: 0.88 },
              capabilities: ['chat'],
            },
            { id: 'BAAI/bge-large-en-v1.5', contextWindow: 512, capabilities: ['embedding'] },
            { id: 'black-forest-labs/FLUX.1-schnell', capabilities: ['image'] },
            { id: 'meta-llama/Llama-Guard-3-8B', capabilities: ['moderation'] },
            { id: 'mistralai/Mixtral-8x7B-v0.1', capabilities: ['chat'] },
            { id: 'cartesia/sonic-2', capabilities: ['speech'] },
            { id: 'openai/whisper-large-v3', capabilities: ['transcription'] },
          ],
        });
        expect(server.requests[0]?.path).toBe('/v1/models');
        expect(server.requests[0]?.headers.authorization).toBe('Bearer tg-key');
      });
    });

    describe('when the server is Gemini\'s OpenAI-compatible endpoint (ids carry "models/")', () => {
      it('should keep each id as listed and apply Google\'s families to it', async () => {
        const server = await serve((_req, res) =>
          sendJson(res, 200, {
            object: 'list',
            data: ['models/gemini-2.5-flash', 'models/gemini-2.5-flash-image', 'models/aqa', 'models/gemini-live-2.5-flash-preview', 'models/gemini-2.5-flash-native-audio-latest', 'models/text-embedding-004'].map(
              (id) => ({ id, object: 'model', owned_by: 'google' }),
            ),
          }),
        );
        const provider = new OpenAiCompatibleProvider({ name: 'gemini-compat', baseUrl: `${server.url}/v1beta/openai`, apiKey: 'AIza' });
        const listing = await provider.listModels(signal());
        expect(Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]))).toEqual({
          'models/gemini-2.5-flash': ['chat'],
          'models/gemini-2.5-flash-image': ['image'],
          'models/aqa': ['other'],
          'models/gemini-live-2.5-flash-preview': ['audio'],
          'models/gemini-2.5-flash-native-audio-latest': ['audio'],
          'models/text-embedding-004': ['embedding'],
        });
      });
    });

    describe('when a server lists capability words of its own', () => {
      it('should map them onto the vocabulary, a tools model being a chat model', async () => {
        const server = await serve((_req, res) =>
          sendJson(res, 200, {
            data: [
              { id: 'a', capabilities: ['tool_use'] },
              { id: 'b', capabilities: ['completion', 'vision'] },
              { id: 'c', capabilities: ['embeddings'] },
              { id: 'd', capabilities: ['sing'] },
            ],
          }),
        );
        const listing = await new OpenAiCompatibleProvider({ name: 'x', baseUrl: server.url }).listModels(signal());
        expect(listing.models.map((model) => model.capabilities)).toEqual([['chat', 'tools'], ['chat', 'vision'], ['embedding'], ['chat']]);
      });
    });

    describe('when llama.cpp\'s router mode lists aliases', () => {
      it('should record them, leaving out the id itself', async () => {
        const server = await serve((_req, res) =>
          sendJson(res, 200, { object: 'list', data: [{ id: 'Gemma-4-26B-A4B', owned_by: 'llamacpp', aliases: ['Gemma-4-26B-A4B', 'gemma'], meta: { n_ctx_train: 262144 } }] }),
        );
        const listing = await new OpenAiCompatibleProvider({ name: 'llamacpp', preset: 'llamacpp', baseUrl: server.url }).listModels(signal());
        expect(listing.models).toEqual([{ id: 'Gemma-4-26B-A4B', contextWindow: 262144, capabilities: ['chat'], aliases: ['gemma'] }]);
      });
    });

    describe('when the server answers { models: [...] } (Ollama-style)', () => {
      it('should read the names as ids', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest' }, { model: 'qwen3:8b' }] }));
        const provider = new OpenAiCompatibleProvider({ name: 'local', baseUrl: server.url });
        const listing = await provider.listModels(signal());
        expect(listing.models.map((model) => model.id)).toEqual(['llama3.2:latest', 'qwen3:8b']);
      });
    });

    describe('when the answer holds no model list', () => {
      it('should fail with bad_response, saying which shapes it expected', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, { object: 'list', items: [] }));
        const provider = new OpenAiCompatibleProvider({ name: 'local', baseUrl: `${server.url}/v1` });
        await expect(provider.listModels(signal())).rejects.toMatchObject({
          code: 'bad_response',
          message: 'local: the answer held no model list (expected "data", "models" or an array); check baseUrl',
        });
      });
    });

    describe('when no key is configured', () => {
      it('should be available and send no Authorization header', async () => {
        const server = await startOpenAiServer({ models: ['gemma-3-4b-it'] });
        servers.push(server);
        const provider = new OpenAiCompatibleProvider({ name: 'llamacpp', preset: 'llamacpp', baseUrl: server.baseUrl });
        expect(provider.unavailableReason).toBeUndefined();
        await provider.listModels(signal());
        expect(server.requests[0]?.headers.authorization).toBeUndefined();
      });
    });

    describe('when the server forbids a request that sent no key', () => {
      it('should report it as forbidden, not as a missing key', async () => {
        const server = await serve((_req, res) => sendJson(res, 403, { error: { message: 'Forbidden', type: 'invalid_request_error' } }));
        const provider = new OpenAiCompatibleProvider({ name: 'vllm', preset: 'vllm', baseUrl: `${server.url}/v1` });
        const error = await provider.listModels(signal()).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toMatchObject({ code: 'forbidden', status: 403 });
        expect(String((error as Error).message)).not.toContain('asks for an API key');
      });
    });

    describe('when the server wants a key and has none', () => {
      it('should fail with auth, saying to set apiKey', async () => {
        const server = await startOpenAiServer({ models: ['m'], apiKey: 'secret-vllm-key' });
        servers.push(server);
        const provider = new OpenAiCompatibleProvider({ name: 'vllm', preset: 'vllm', baseUrl: server.baseUrl });
        await expect(provider.listModels(signal())).rejects.toMatchObject({
          code: 'auth',
          status: 401,
          message: 'vllm: the server asks for an API key (401); set VLLM_API_KEY or apiKey in the config',
        });
      });
    });

    describe('when Groq lists inactive and speech models', () => {
      it('should keep inactive ones out of chat (never lost) and classify whisper, TTS and guard models', async () => {
        const server = await serve((_req, res) =>
          sendJson(res, 200, {
            object: 'list',
            data: [
              { id: 'llama-3.3-70b-versatile', object: 'model', owned_by: 'Meta', active: true, context_window: 131072, max_completion_tokens: 32768 },
              { id: 'whisper-large-v3', object: 'model', owned_by: 'OpenAI', active: true, context_window: 448 },
              { id: 'playai-tts', object: 'model', active: true, context_window: 8192 },
              { id: 'meta-llama/llama-guard-4-12b', object: 'model', active: true },
              { id: 'mixtral-8x7b-32768', object: 'model', active: false, context_window: 32768 },
            ],
          }),
        );
        const provider = new OpenAiCompatibleProvider({ name: 'groq', preset: 'groq', baseUrl: `${server.url}/openai/v1`, apiKey: 'gsk' });
        const listing = await provider.listModels(signal());
        expect(listing.invalid).toBe(0);
        expect(listing.models).toEqual([
          { id: 'llama-3.3-70b-versatile', contextWindow: 131072, maxOutputTokens: 32768, capabilities: ['chat'] },
          { id: 'whisper-large-v3', contextWindow: 448, capabilities: ['transcription'] },
          { id: 'playai-tts', contextWindow: 8192, capabilities: ['speech'] },
          { id: 'meta-llama/llama-guard-4-12b', capabilities: ['moderation'] },
          { id: 'mixtral-8x7b-32768', contextWindow: 32768, capabilities: ['other'], deprecated: 'inactive' },
        ]);
      });
    });

    describe('when Mistral lists aliases as entries of their own, an id twice and an archived fine-tune', () => {
      it('should keep every id, record the aliases, and read deprecation and capabilities', async () => {
        const card = (id: string, aliases: string[], extra: Record<string, unknown> = {}) => ({
          id,
          object: 'model',
          created: 1735000000,
          owned_by: 'mistralai',
          capabilities: { completion_chat: true, completion_fim: false, function_calling: true, fine_tuning: false, vision: true },
          name: 'mistral-large-2411',
          max_context_length: 131072,
          aliases,
          deprecation: null,
          type: 'base',
          ...extra,
        });
        const server = await serve((_req, res) =>
          sendJson(res, 200, {
            object: 'list',
            data: [
              card('mistral-large-latest', ['mistral-large-2411']),
              card('mistral-large-2411', ['mistral-large-latest']),
              card('mistral-large-2407', [], { name: 'mistral-large-2407', deprecation: '2025-03-30T12:00:00Z', deprecation_replacement_model: 'mistral-large-latest' }),
              {
                id: 'mistral-embed',
                object: 'model',
                capabilities: { completion_chat: false, completion_fim: false, function_calling: false, fine_tuning: false, vision: false },
                name: 'mistral-embed',
                max_context_length: 8192,
                aliases: [],
                deprecation: null,
              },
              { id: 'mistral-moderation-latest', capabilities: { completion_chat: false, classification: true }, name: 'mistral-moderation-2411', aliases: [] },
              card('codestral-2508', ['codestral-latest'], { capabilities: { completion_chat: true, completion_fim: false } }),
              card('codestral-2508', ['codestral-latest'], { capabilities: { completion_chat: false, completion_fim: true } }),
              { id: 'ft:open-mistral-7b:abc', type: 'fine-tuned', archived: true, capabilities: { completion_chat: true } },
              { id: 'ft:ministral-8b:def', type: 'fine-tuned', archived: true, capabilities: { completion_chat: true, function_calling: true } },
              { id: 'ft:ministral-3b:classifier', type: 'classifier', capabilities: { completion_chat: false, classification: true, moderation: false } },
              { id: 'open-mixtral-8x7b', capabilities: { completion_chat: true }, archived: true, deprecation_replacement_model: 'mistral-small-latest' },
              { id: 'open-mixtral-8x7b', capabilities: { completion_chat: true }, archived: false },
              { id: 'open-mistral-nemo', capabilities: { completion_chat: true }, deprecation: null },
              { id: 'open-mistral-nemo', capabilities: { completion_chat: true }, deprecation: '2025-12-31', deprecation_replacement_model: 'ministral-8b-latest' },
              { id: 'ft:ministral-3b:safety', type: 'classifier', capabilities: { completion_chat: false, classification: true } },
              { id: 'mistral-small-2503', capabilities: { completion_chat: true }, aliases: ['mistral-small-latest'] },
              { id: 'mistral-small-2501', capabilities: { completion_chat: true }, aliases: ['mistral-small-latest'] },
              { id: 7 },
            ],
          }),
        );
        const provider = new OpenAiCompatibleProvider({ name: 'mistral', preset: 'mistral', baseUrl: `${server.url}/v1`, apiKey: 'mk' });
        const listing = await provider.listModels(signal());
        expect(listing.invalid).toBe(1);
        expect(listing.models).toEqual([
          { id: 'mistral-large-latest', contextWindow: 131072, capabilities: ['chat', 'vision', 'tools'], aliases: ['mistral-large-2411'] },
          { id: 'mistral-large-2411', contextWindow: 131072, capabilities: ['chat', 'vision', 'tools'], aliases: ['mistral-large-latest'] },
          {
            id: 'mistral-large-2407',
            contextWindow: 131072,
            capabilities: ['chat', 'vision', 'tools'],
            deprecated: '2025-03-30T12:00:00Z; use mistral-large-latest',
          },
          { id: 'mistral-embed', contextWindow: 8192, capabilities: ['embedding'] },
          { id: 'mistral-moderation-latest', capabilities: ['moderation'] },
          { id: 'codestral-2508', contextWindow: 131072, capabilities: ['chat', 'fim'], aliases: ['codestral-latest'] },
          { id: 'ft:open-mistral-7b:abc', capabilities: ['other'] },
          { id: 'ft:ministral-8b:def', capabilities: ['tools'] },
          { id: 'ft:ministral-3b:classifier', capabilities: ['other'] },
          { id: 'open-mixtral-8x7b', capabilities: ['chat'] },
          { id: 'open-mistral-nemo', capabilities: ['chat'], deprecated: '2025-12-31; use ministral-8b-latest' },
          { id: 'ft:ministral-3b:safety', capabilities: ['moderation'] },
          { id: 'mistral-small-2503', capabilities: ['chat'], aliases: ['mistral-small-2501', 'mistral-small-latest'] },
          { id: 'mistral-small-2501', capabilities: ['chat'], aliases: ['mistral-small-2503', 'mistral-small-latest'] },
        ]);
      });
    });

    describe('when LM Studio answers its /api/v0/models', () => {
      it('should take each model type and context length from it', async () => {
        const server = await serve((_req, res, request) => {
          if (request.path === '/v1/models') {
            sendJson(res, 200, { object: 'list', data: [{ id: 'qwen2-vl-7b-instruct' }, { id: 'text-embedding-nomic-embed-text-v1.5' }, { id: 'new-model' }] });
          } else if (request.path === '/api/v0/models') {
            sendJson(res, 200, {
              object: 'list',
              data: [
                { id: 'qwen2-vl-7b-instruct', object: 'model', type: 'vlm', state: 'not-loaded', max_context_length: 32768 },
                { id: 'text-embedding-nomic-embed-text-v1.5', object: 'model', type: 'embeddings', max_context_length: 2048 },
              ],
            });
          } else sendJson(res, 404, openAiError('no', 'invalid_request_error', null));
        });
        const provider = new OpenAiCompatibleProvider({ name: 'lmstudio', preset: 'lmstudio', baseUrl: `${server.url}/v1` });
        const listing = await provider.listModels(signal());
        expect(listing.models).toEqual([
          { id: 'qwen2-vl-7b-instruct', contextWindow: 32768, capabilities: ['chat', 'vision'] },
          { id: 'text-embedding-nomic-embed-text-v1.5', contextWindow: 2048, capabilities: ['embedding'] },
          { id: 'new-model', capabilities: ['chat'] },
        ]);
      });
    });

    describe('when LM Studio has no /api/v0/models', () => {
      it('should still list the models, classified by id, after one try', async () => {
        const server = await serve((_req, res, request) => {
          if (request.path === '/v1/models') sendJson(res, 200, { data: [{ id: 'text-embedding-nomic-embed-text-v1.5' }, { id: 'llama-3.2-3b' }] });
          else sendJson(res, 500, {});
        });
        const provider = new OpenAiCompatibleProvider({ name: 'lmstudio', preset: 'lmstudio', baseUrl: `${server.url}/v1` });
        const listing = await provider.listModels(signal());
        expect(listing.models.map((model) => model.capabilities)).toEqual([['embedding'], ['chat']]);
        expect(server.requests.map((request) => request.path)).toEqual(['/v1/models', '/api/v0/models']);
      });
    });

    describe('when vLLM serves a model and a LoRA adapter', () => {
      it('should list both with max_model_len as the context window', async () => {
        const server = await startOpenAiServer({
          models: [
            { id: 'meta-llama/Llama-3.1-8B-Instruct', owned_by: 'vllm', root: 'meta-llama/Llama-3.1-8B-Instruct', parent: null, max_model_len: 8192 },
            { id: 'sql-lora', owned_by: 'vllm', root: 'yard1/llama-2-7b-sql-lora-test', parent: 'meta-llama/Llama-3.1-8B-Instruct', max_model_len: null },
          ],
        });
        servers.push(server);
        const provider = new OpenAiCompatibleProvider({ name: 'vllm', preset: 'vllm', baseUrl: server.baseUrl });
        const listing = await provider.listModels(signal());
        expect(listing.models).toEqual([
          { id: 'meta-llama/Llama-3.1-8B-Instruct', contextWindow: 8192, capabilities: ['chat'] },
          { id: 'sql-lora', capabilities: ['chat'] },
        ]);
      });
    });
  });

  describe('.unavailableReason', () => {
    describe.each([
      ['groq', 'GROQ_API_KEY'],
      ['mistral', 'MISTRAL_API_KEY'],
      ['deepseek', 'DEEPSEEK_API_KEY'],
      ['xai', 'XAI_API_KEY'],
      ['together', 'TOGETHER_API_KEY'],
    ] as const)('when the %s preset has no key', (preset, variable) => {
      it(`should name ${variable}`, () => {
        expect(new OpenAiCompatibleProvider({ name: preset, preset }).unavailableReason).toBe(`no API key: set ${variable} or apiKey in the config`);
      });
    });

    describe.each(['lmstudio', 'vllm', 'llamacpp'] as const)('when the %s preset has no key', (preset) => {
      it('should be available', () => {
        expect(new OpenAiCompatibleProvider({ name: preset, preset }).unavailableReason).toBeUndefined();
      });
    });
  });

  describe('constructor', () => {
    describe('when there is neither a preset nor a baseUrl', () => {
      it('should throw a ConfigError asking for baseUrl', () => {
        expect(() => new OpenAiCompatibleProvider({ name: 'local' })).toThrow('baseUrl: this provider needs a baseUrl');
      });
    });
  });
});
