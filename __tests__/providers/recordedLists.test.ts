import { describe, expect, it } from '@jest/globals';
import { AnthropicProvider } from '../../src/providers/AnthropicProvider.js';
import { GeminiProvider } from '../../src/providers/GeminiProvider.js';
import type { ModelListing, ModelProvider } from '../../src/providers/ModelProvider.js';
import { OllamaProvider } from '../../src/providers/OllamaProvider.js';
import { OpenAiCompatibleProvider } from '../../src/providers/OpenAiCompatibleProvider.js';
import { OpenAiProvider } from '../../src/providers/OpenAiProvider.js';
import { OpenRouterProvider } from '../../src/providers/OpenRouterProvider.js';
import { readFixture } from '../helpers/readFixture.js';
import { sendJson, startFakeServer, type FakeServer } from '../helpers/fakeProviderServer.js';
import { quietSignal, trackServers } from '../helpers/trackServers.js';

const track = trackServers();

/** Serves each recorded answer at its real path (`POST /api/show` included); anything else is 404. */
function serveRecorded(routes: Readonly<Record<string, unknown>>): Promise<FakeServer> {
  return track(
    startFakeServer((_req, res, request) => {
      const body = routes[`${request.method} ${request.path}`];
      if (body === undefined) sendJson(res, 404, { error: { message: 'Not found' } });
      else sendJson(res, 200, body);
    }),
  );
}

/** The ids a recorded list holds, read straight from the payload. */
function listedIds(entries: readonly { id?: string; name?: string }[], strip = ''): string[] {
  return entries.map((entry) => (entry.id ?? entry.name ?? '').replace(strip, ''));
}

/** A model is in the chat list when it says `chat`, or says nothing (the manager's rule). */
function chatIds(listing: ModelListing): string[] {
  return listing.models.filter((model) => (model.capabilities ?? ['chat']).includes('chat')).map((model) => model.id);
}

/** The chat models of Gemini's June 2026 lists (native and OpenAI-compatible), in their order. */
const GEMINI_CHAT_2026_06 = [
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-2.0-flash',
  'gemini-2.0-flash-001',
  'gemini-2.0-flash-lite-001',
  'gemini-2.0-flash-lite',
  'gemma-4-26b-a4b-it',
  'gemma-4-31b-it',
  'gemini-flash-latest',
  'gemini-flash-lite-latest',
  'gemini-pro-latest',
  'gemini-2.5-flash-lite',
  'gemini-3-pro-preview',
  'gemini-3-flash-preview',
  'gemini-3.1-pro-preview',
  'gemini-3.1-pro-preview-customtools',
  'gemini-3.1-flash-lite-preview',
  'gemini-3.1-flash-lite',
  'gemini-3.5-flash',
  'gemini-robotics-er-1.5-preview',
  'gemini-robotics-er-1.6-preview',
  'gemini-2.5-computer-use-preview-10-2025',
  'antigravity-preview-05-2026',
  'deep-research-max-preview-04-2026',
  'deep-research-preview-04-2026',
  'deep-research-pro-preview-12-2025',
];

async function list(provider: ModelProvider): Promise<ModelListing> {
  const result = await provider.listModels(quietSignal());
  return Array.isArray(result) ? { models: result, invalid: 0 } : result;
}

describe('the recorded provider lists', () => {
  describe('OpenAI /v1/models (2024, LobeChat fixture)', () => {
    it('should list every id and keep speech, image, embedding and completion-only models out of chat', async () => {
      const body = readFixture('openai/models-2024.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiProvider({ name: 'openai', baseUrl: `${server.url}/v1`, apiKey: 'sk-test' }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      expect(chatIds(listing).sort()).toEqual(
        [
          'gpt-3.5-turbo',
          'gpt-3.5-turbo-0125',
          'gpt-3.5-turbo-0301',
          'gpt-3.5-turbo-0613',
          'gpt-3.5-turbo-1106',
          'gpt-3.5-turbo-16k',
          'gpt-3.5-turbo-16k-0613',
          'gpt-4',
          'gpt-4-0125-preview',
          'gpt-4-0613',
          'gpt-4-1106-preview',
          'gpt-4-1106-vision-preview',
          'gpt-4-turbo-preview',
          'gpt-4-vision-preview',
        ].sort(),
      );
      const capabilities = Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]));
      expect(capabilities).toMatchObject({
        'whisper-1': ['transcription'],
        'tts-1-hd-1106': ['speech'],
        'dall-e-3': ['image'],
        'text-embedding-ada-002': ['embedding'],
        'babbage-002': ['completion'],
        'gpt-3.5-turbo-instruct-0914': ['completion'],
      });
    });
  });

  describe('OpenAI /v1/models (2025-03, with realtime, transcribe, search and audio models)', () => {
    it('should keep realtime, transcription, speech, image, embedding, moderation and completion-only models out of chat', async () => {
      const body = readFixture('openai/models-2025-03.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiProvider({ name: 'openai', baseUrl: `${server.url}/v1`, apiKey: 'sk-test' }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      expect(chatIds(listing).sort()).toEqual(
        [
          'chatgpt-4o-latest',
          'gpt-3.5-turbo',
          'gpt-3.5-turbo-0125',
          'gpt-3.5-turbo-1106',
          'gpt-3.5-turbo-16k',
          'gpt-4',
          'gpt-4-0125-preview',
          'gpt-4-0613',
          'gpt-4-1106-preview',
          'gpt-4-turbo',
          'gpt-4-turbo-2024-04-09',
          'gpt-4-turbo-preview',
          'gpt-4.5-preview',
          'gpt-4.5-preview-2025-02-27',
          'gpt-4o',
          'gpt-4o-2024-05-13',
          'gpt-4o-2024-08-06',
          'gpt-4o-2024-11-20',
          'gpt-4o-audio-preview',
          'gpt-4o-audio-preview-2024-10-01',
          'gpt-4o-audio-preview-2024-12-17',
          'gpt-4o-mini',
          'gpt-4o-mini-2024-07-18',
          'gpt-4o-mini-audio-preview',
          'gpt-4o-mini-audio-preview-2024-12-17',
          'gpt-4o-mini-search-preview',
          'gpt-4o-mini-search-preview-2025-03-11',
          'gpt-4o-search-preview',
          'gpt-4o-search-preview-2025-03-11',
          'o1-mini',
          'o1-mini-2024-09-12',
          'o1-preview',
          'o1-preview-2024-09-12',
        ].sort(),
      );
      const capabilities = Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]));
      expect(capabilities).toMatchObject({
        'gpt-4o-realtime-preview': ['audio'],
        'gpt-4o-mini-transcribe': ['transcription'],
        'gpt-4o-mini-tts': ['speech'],
        'omni-moderation-2024-09-26': ['moderation'],
        'gpt-4o-audio-preview': ['chat', 'audio'],
      });
    });
  });

  describe('OpenRouter /api/v1/models, the oldest shape (2024-03, LobeChat fixture)', () => {
    it('should read "multimodal" as vision, convert per-token prices, and keep every model in chat', async () => {
      const body = readFixture('openrouter/models-2024-03.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /api/v1/models': body });
      const listing = await list(new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      expect(chatIds(listing)).toEqual(listedIds(body.data));
      const vision = listing.models.filter((model) => model.capabilities?.includes('vision') === true).map((model) => model.id);
      expect(vision).toEqual(['haotian-liu/llava-13b', 'nousresearch/nous-hermes-2-vision-7b', 'openai/gpt-4-vision-preview']);
      expect(listing.models.find((model) => model.id === 'openai/gpt-3.5-turbo')).toMatchObject({
        contextWindow: 16385,
        maxOutputTokens: 4096,
        pricing: { input: 0.5, output: 1.5 },
        inputModalities: ['text'],
        outputModalities: ['text'],
      });
    });
  });

  describe('OpenRouter /api/v1/models, the "text->text" shape (2024-09, LobeChat fixture)', () => {
    it('should read the modality string, the limits and a free price', async () => {
      const body = readFixture('openrouter/models-2024-09.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /api/v1/models': body });
      const listing = await list(new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }));
      expect(listing.models).toEqual([
        {
          id: 'mattshumer/reflection-70b:free',
          displayName: 'Reflection 70B (free)',
          contextWindow: 131072,
          maxOutputTokens: 4096,
          inputModalities: ['text'],
          outputModalities: ['text'],
          pricing: { input: 0, output: 0 },
          capabilities: ['chat'],
        },
      ]);
    });
  });

  describe('Mistral /v1/models (2025-12, mistral-client test recording)', () => {
    it('should keep every id with its aliases, and read chat, audio, OCR and moderation from the flags', async () => {
      const body = readFixture('mistral/models-2025-12.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'mistral', preset: 'mistral', baseUrl: `${server.url}/v1`, apiKey: 'mk' }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      expect(chatIds(listing)).toEqual(['mistral-medium-latest', 'open-mistral-nemo', 'devstral-small-2507', 'voxtral-mini-2507']);
      expect(Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]))).toEqual({
        'mistral-medium-latest': ['chat', 'vision', 'tools'],
        'open-mistral-nemo': ['chat', 'tools'],
        'devstral-small-2507': ['chat', 'tools'],
        'voxtral-mini-2507': ['chat', 'audio'],
        'mistral-ocr-2512': ['vision', 'tools', 'ocr'],
        'mistral-moderation-latest': ['moderation'],
      });
      expect(listing.models[0]).toMatchObject({ contextWindow: 131072, aliases: ['mistral-medium', 'mistral-medium-2508'] });
    });
  });

  describe('Gemini /v1beta/models (2026-06, a recorded diagnostic report)', () => {
    it('should keep image, music, speech, embedding, AQA, Imagen and Veo models out of chat, and every id listed', async () => {
      const body = readFixture('gemini/v1beta-models-2026-06.json') as { models: { name: string }[] };
      const server = await serveRecorded({ 'GET /v1beta/models': body });
      const listing = await list(new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: 'AIza-test' }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.models, 'models/'));
      expect(chatIds(listing)).toEqual(GEMINI_CHAT_2026_06);
      expect(listing.models[0]).toEqual({
        id: 'gemini-2.5-flash',
        displayName: 'Gemini 2.5 Flash',
        contextWindow: 1048576,
        maxOutputTokens: 65536,
        capabilities: ['chat', 'reasoning'],
      });
    });
  });

  describe('Ollama /api/tags (Ollama API docs)', () => {
    it('should list both models as chat models when /api/show is not there', async () => {
      const tags = readFixture('ollama/api-tags.json') as { models: { name: string }[] };
      const server = await serveRecorded({ 'GET /api/tags': tags });
      const listing = await list(new OllamaProvider({ name: 'ollama', baseUrl: server.url }));
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(tags.models));
      expect(chatIds(listing)).toEqual(['deepseek-r1:latest', 'llama3.2:latest']);
    });

    it('should take capabilities and the context length from the documented /api/show answer', async () => {
      const tags = readFixture('ollama/api-tags.json') as { models: { name: string }[] };
      const server = await serveRecorded({ 'GET /api/tags': tags, 'POST /api/show': readFixture('ollama/api-show-llava.json') });
      const listing = await list(new OllamaProvider({ name: 'ollama', baseUrl: server.url }));
      expect(listing.models).toEqual([
        { id: 'deepseek-r1:latest', contextWindow: 8192, capabilities: ['chat', 'vision'] },
        { id: 'llama3.2:latest', contextWindow: 8192, capabilities: ['chat', 'vision'] },
      ]);
    });
  });

  describe('llama.cpp /v1/models (llama-server README)', () => {
    it('should read the trained context from meta and list the model as chat', async () => {
      const body = readFixture('llamacpp/v1-models.json');
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'llamacpp', preset: 'llamacpp', baseUrl: `${server.url}/v1` }));
      expect(listing.models).toEqual([
        {
          id: '../models/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
          contextWindow: 131072,
          inputModalities: ['text'],
          outputModalities: ['text'],
          capabilities: ['chat'],
        },
      ]);
    });
  });

  describe('LM Studio /api/v0/models (LM Studio REST API docs)', () => {
    it('should keep the embedding model out of chat and mark the VLM as vision', async () => {
      const v0 = readFixture('lmstudio/api-v0-models.json') as { data: { id: string }[] };
      // /v1/models lists the same ids in OpenAI's shape.
      const v1 = { object: 'list', data: v0.data.map(({ id }) => ({ id, object: 'model', owned_by: 'organization_owner' })) };
      const server = await serveRecorded({ 'GET /v1/models': v1, 'GET /api/v0/models': v0 });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'lmstudio', preset: 'lmstudio', baseUrl: `${server.url}/v1` }));
      expect(listing.models).toEqual([
        { id: 'qwen2-vl-7b-instruct', contextWindow: 32768, capabilities: ['chat', 'vision'] },
        { id: 'meta-llama-3.1-8b-instruct', contextWindow: 131072, capabilities: ['chat'] },
        { id: 'text-embedding-nomic-embed-text-v1.5', contextWindow: 2048, capabilities: ['embedding'] },
      ]);
    });
  });

  describe('DeepSeek /models (DeepSeek API docs)', () => {
    it('should list both models as chat models', async () => {
      const body = readFixture('deepseek/models.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'deepseek', preset: 'deepseek', baseUrl: server.url, apiKey: 'sk-ds' }));
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      expect(chatIds(listing)).toEqual(['deepseek-chat', 'deepseek-reasoner']);
    });
  });

  describe('Anthropic /v1/models (Anthropic API docs example)', () => {
    it('should follow the documented cursor and list the model as chat with its release date', async () => {
      const page = readFixture('anthropic/v1-models-docs.json') as { data: { id: string }[]; last_id: string };
      const server = await track(
        startFakeServer((_req, res, request) => {
          // The documented page says more follow after its last_id; the next page is empty.
          if (request.query.get('after_id') === page.last_id) sendJson(res, 200, { data: [], has_more: false, first_id: null, last_id: null });
          else sendJson(res, 200, page);
        }),
      );
      const listing = await list(new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: 'sk-ant-test' }));
      expect(listing.models).toEqual([
        { id: 'claude-sonnet-4-20250514', displayName: 'Claude Sonnet 4', releaseDate: '2025-02-19', capabilities: ['chat'] },
      ]);
      expect(server.requests.map((request) => request.path)).toEqual(['/v1/models', '/v1/models']);
    });
  });

  describe('Groq /openai/v1/models (2024, recorded in a chat client)', () => {
    it('should keep whisper out of chat, read context windows, and list every id', async () => {
      const body = readFixture('groq/models-2024.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /openai/v1/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'groq', preset: 'groq', baseUrl: `${server.url}/openai/v1`, apiKey: 'gsk' }));
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      expect(chatIds(listing)).toEqual(listedIds(body.data).filter((id) => id !== 'whisper-large-v3'));
      expect(listing.models.find((model) => model.id === 'whisper-large-v3')).toEqual({
        id: 'whisper-large-v3',
        contextWindow: 1500,
        capabilities: ['transcription'],
      });
    });
  });

  describe('vLLM /v1/models with a LoRA adapter (vLLM docs)', () => {
    it('should list the base model and its adapter as chat models', async () => {
      const body = readFixture('vllm/v1-models-lora.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'vllm', preset: 'vllm', baseUrl: `${server.url}/v1` }));
      expect(chatIds(listing)).toEqual(['meta-llama/Llama-2-7b-hf', 'sql-lora']);
    });
  });

  describe('OpenRouter /api/v1/models, the modalities shape (2025-04, llm-openrouter cassette)', () => {
    it('should read image input as vision from input_modalities, file input too, and keep every text model in chat', async () => {
      const body = readFixture('openrouter/models-2025-04.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /api/v1/models': body });
      const listing = await list(new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      // Every model of this list answers with text, Llama Guard and the completion-only instruct model included.
      expect(chatIds(listing).sort()).toEqual(
        [
          'anthropic/claude-2.1',
          'anthropic/claude-3.5-haiku',
          'anthropic/claude-3.7-sonnet',
          'allenai/molmo-7b-d:free',
          'google/gemini-2.0-flash-lite-001',
          'google/gemini-2.5-flash-preview',
          'google/gemini-2.5-flash-preview:thinking',
          'google/gemini-2.5-pro-preview-03-25',
          'google/gemini-pro-vision',
          'meta-llama/llama-4-maverick',
          'meta-llama/llama-4-maverick:free',
          'meta-llama/llama-guard-2-8b',
          'meta-llama/llama-guard-3-8b',
          'microsoft/mai-ds-r1:free',
          'microsoft/phi-4-multimodal-instruct',
          'moonshotai/kimi-vl-a3b-thinking:free',
          'openai/gpt-3.5-turbo',
          'openai/gpt-3.5-turbo-instruct',
          'openai/gpt-4.1',
          'openai/gpt-4o',
          'openai/gpt-4o-mini',
          'openai/gpt-4o-mini-search-preview',
          'openai/o1-preview',
          'openai/o1-pro',
          'openai/o3',
          'openai/o4-mini',
          'openai/o4-mini-high',
          'openrouter/auto',
          'x-ai/grok-2-1212',
          'x-ai/grok-2-vision-1212',
        ].sort(),
      );
      const textOnly = [
        'microsoft/mai-ds-r1:free',
        'openai/gpt-4o-mini-search-preview',
        'meta-llama/llama-guard-3-8b',
        'x-ai/grok-2-1212',
        'openai/o1-preview',
        'meta-llama/llama-guard-2-8b',
        'anthropic/claude-2.1',
        'openrouter/auto',
        'openai/gpt-3.5-turbo-instruct',
        'openai/gpt-3.5-turbo',
      ];
      const vision = listing.models.filter((model) => model.capabilities?.includes('vision') === true).map((model) => model.id);
      expect(vision).toEqual(listedIds(body.data).filter((id) => !textOnly.includes(id)));
      expect(listing.models.find((model) => model.id === 'google/gemini-2.5-pro-preview-03-25')).toMatchObject({
        inputModalities: ['text', 'image', 'file'],
        outputModalities: ['text'],
        capabilities: ['chat', 'vision'],
      });
    });
  });

  describe('OpenRouter /api/v1/models, the current shape (2026-08, llm-openrouter cassette)', () => {
    it('should read vision, tools and reasoning, the limits, the knowledge cutoff and the string prices', async () => {
      const body = readFixture('openrouter/models-2026-08.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /api/v1/models': body });
      const listing = await list(new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }));
      expect(listing.invalid).toBe(0);
      expect(chatIds(listing)).toEqual(listedIds(body.data));
      expect(Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]))).toEqual({
        'anthropic/claude-sonnet-4': ['chat', 'vision', 'tools', 'reasoning'],
        'openai/gpt-4.1-mini': ['chat', 'vision', 'tools'],
        'openai/gpt-4o': ['chat', 'vision', 'tools'],
        'openai/gpt-3.5-turbo': ['chat', 'tools'],
      });
      expect(listing.models[0]).toMatchObject({
        displayName: 'Anthropic: Claude Sonnet 4',
        contextWindow: 1000000,
        maxOutputTokens: 64000,
        knowledgeCutoff: '2025-01-31',
        inputModalities: ['text', 'image', 'file'],
        pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      });
    });
  });

  describe('xAI /v1/models (xAI API docs example)', () => {
    it('should keep the image model out of chat and list every id', async () => {
      const body = readFixture('xai/v1-models-docs.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'xai', preset: 'xai', baseUrl: `${server.url}/v1`, apiKey: 'xai-test' }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      expect(chatIds(listing)).toEqual(['grok-4-0709', 'grok-code-fast-1', 'grok-3', 'grok-3-mini', 'grok-2-vision-1212']);
      expect(listing.models.find((model) => model.id === 'grok-2-image-1212')?.capabilities).toEqual(['image']);
    });
  });

  describe('Together /v1/models (a bare array: Together API docs example, and a recorded Cartesia Sonic entry)', () => {
    it('should read a chat model from its type, with its context window and per-million prices', async () => {
      const body = readFixture('together/models-docs-2024.json') as { id: string }[];
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'together', preset: 'together', baseUrl: `${server.url}/v1`, apiKey: 'tg' }));
      expect(listing.models).toEqual([
        {
          id: 'meta-llama/Meta-Llama-3-70B-Instruct-Turbo',
          displayName: 'Meta Llama 3 70B Instruct Turbo',
          contextWindow: 8192,
          pricing: { input: 0.88, output: 0.88 },
          capabilities: ['chat'],
        },
      ]);
    });

    it('should keep a text-to-speech model (type "audio") out of chat and still list it', async () => {
      const body = readFixture('together/models-sonic-2025.json') as { id: string }[];
      const server = await serveRecorded({ 'GET /v1/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'together', preset: 'together', baseUrl: `${server.url}/v1`, apiKey: 'tg' }));
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body));
      expect(chatIds(listing)).toEqual([]);
      expect(listing.models[0]?.capabilities).toEqual(['speech']);
    });
  });

  describe("Gemini's OpenAI-compatible /v1beta/openai/models (2026-06, stored by a public project's model sync)", () => {
    it('should keep speech, image, music, live, native-audio, embedding, AQA, Imagen and Veo models out of chat, and every id listed', async () => {
      const body = readFixture('gemini/openai-models-2026-06.json') as { data: { id: string }[] };
      const server = await serveRecorded({ 'GET /v1beta/openai/models': body });
      const listing = await list(new OpenAiCompatibleProvider({ name: 'gemini-openai', baseUrl: `${server.url}/v1beta/openai`, apiKey: 'AIza-test' }));
      expect(listing.invalid).toBe(0);
      expect(listing.models.map((model) => model.id)).toEqual(listedIds(body.data));
      // The same chat models as the native list of that week (gemini/v1beta-models-2026-06.json), ids as this endpoint gives them.
      expect(chatIds(listing)).toEqual(GEMINI_CHAT_2026_06.map((id) => `models/${id}`));
      const capabilities = Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]));
      expect(capabilities).toMatchObject({
        'models/gemini-2.5-flash-preview-tts': ['speech'],
        'models/nano-banana-pro-preview': ['image'],
        'models/lyria-3-pro-preview': ['audio'],
        'models/gemini-3.1-flash-live-preview': ['audio'],
        'models/gemini-2.5-flash-native-audio-latest': ['audio'],
        'models/gemini-embedding-001': ['embedding'],
        'models/aqa': ['other'],
        'models/imagen-4.0-generate-001': ['image'],
        'models/veo-3.1-generate-preview': ['video'],
      });
      expect(listing.models[0]).toEqual({ id: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', capabilities: ['chat'] });
    });
  });
});
