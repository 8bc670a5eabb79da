import { describe, expect, it } from '@jest/globals';
import { OpenRouterProvider } from '../../src/providers/OpenRouterProvider.js';
import { sendJson, startFakeServer } from '../helpers/fakeProviderServer.js';
import { quietSignal, trackServers } from '../helpers/trackServers.js';
import { startOpenRouterServer, type OpenRouterModel } from '../helpers/fakeProviders.js';

const track = trackServers();
const signal = quietSignal;

const MODELS: OpenRouterModel[] = [
  {
    id: 'openai/gpt-4o',
    canonical_slug: 'openai/gpt-4o',
    name: 'OpenAI: GPT-4o',
    context_length: 128000,
    architecture: { modality: 'text+image->text', input_modalities: ['text', 'image', 'file'], output_modalities: ['text'], tokenizer: 'GPT' },
    pricing: { prompt: '0.0000025', completion: '0.00001' },
    top_provider: { context_length: 128000, max_completion_tokens: 16384, is_moderated: true },
    supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice'],
  },
  { id: 'meta-llama/llama-3.1-70b-instruct:free', name: 'Meta: Llama 3.1 70B (free)', top_provider: { context_length: 65536 }, architecture: { input_modalities: ['text'], output_modalities: ['text'] } },
  { id: 'google/gemini-2.5-flash-image', name: 'Google: Nano Banana', architecture: { input_modalities: ['text', 'image'], output_modalities: ['image', 'text'] } },
  { id: 'openai/text-embedding-3-small', architecture: { output_modalities: ['embeddings'] } },
  { id: 'mistralai/mistral-embed' },
  { id: 'x/odd', architecture: { output_modalities: ['video'] } },
  { id: 'x/unknown', architecture: { output_modalities: ['smell'] } },
];

describe('OpenRouterProvider', () => {
  describe('.listModels', () => {
    describe('when models carry their architecture', () => {
      it('should read names, context lengths and capabilities from the modalities', async () => {
        const server = await track(startOpenRouterServer({ models: MODELS }));
        const provider = new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` });
        expect(provider.unavailableReason).toBeUndefined();
        const listing = await provider.listModels(signal());
        expect(listing.models).toEqual([
          {
            id: 'openai/gpt-4o',
            displayName: 'OpenAI: GPT-4o',
            contextWindow: 128000,
            maxOutputTokens: 16384,
            inputModalities: ['text', 'image', 'file'],
            outputModalities: ['text'],
            pricing: { input: 2.5, output: 10 },
            capabilities: ['chat', 'vision', 'tools'],
          },
          {
            id: 'meta-llama/llama-3.1-70b-instruct:free',
            displayName: 'Meta: Llama 3.1 70B (free)',
            contextWindow: 65536,
            inputModalities: ['text'],
            outputModalities: ['text'],
            capabilities: ['chat'],
          },
          {
            id: 'google/gemini-2.5-flash-image',
            displayName: 'Google: Nano Banana',
            inputModalities: ['text', 'image'],
            outputModalities: ['text', 'image'],
            capabilities: ['chat', 'image', 'vision'],
          },
          { id: 'openai/text-embedding-3-small', capabilities: ['embedding'] },
          { id: 'mistralai/mistral-embed', capabilities: ['embedding'] },
          { id: 'x/odd', outputModalities: ['video'], capabilities: ['video'] },
          { id: 'x/unknown', capabilities: ['chat'] },
        ]);
        expect(server.requests[0]?.headers.authorization).toBeUndefined();
        expect(server.requests[0]?.query.get('output_modalities')).toBe('all');
      });
    });

    describe('when the list has the older shape, a modality string and no modality lists', () => {
      it('should read vision and image output from "text+image->text"', async () => {
        const older: OpenRouterModel[] = [
          { id: 'openai/gpt-4o', architecture: { modality: 'text+image->text', tokenizer: 'GPT', instruct_type: null } },
          { id: 'meta-llama/llama-3-8b-instruct', architecture: { modality: 'text->text', tokenizer: 'Llama3', instruct_type: 'llama3' } },
          { id: 'x/painter', architecture: { modality: 'text->image' } },
        ];
        const server = await track(startOpenRouterServer({ models: older }));
        const listing = await new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }).listModels(signal());
        expect(listing.models).toEqual([
          { id: 'openai/gpt-4o', inputModalities: ['text', 'image'], outputModalities: ['text'], capabilities: ['chat', 'vision'] },
          { id: 'meta-llama/llama-3-8b-instruct', inputModalities: ['text'], outputModalities: ['text'], capabilities: ['chat'] },
          { id: 'x/painter', inputModalities: ['text'], outputModalities: ['image'], capabilities: ['image'] },
        ]);
      });
    });

    describe('when modalities and parameters speak of audio, embeddings and reasoning', () => {
      it('should add audio for audio out or a chat model that hears, embedding for either spelling, and chat extras only to chat models', async () => {
        const models: OpenRouterModel[] = [
          { id: 'openai/gpt-4o-audio-preview', architecture: { input_modalities: ['text', 'audio'], output_modalities: ['text', 'audio'] } },
          { id: 'acme/voice-1', architecture: { input_modalities: ['text'], output_modalities: ['audio'] } },
          { id: 'google/gemini-2.5-flash', architecture: { input_modalities: ['text', 'image', 'audio'], output_modalities: ['text'] } },
          { id: 'acme/vectors-1', architecture: { input_modalities: ['text'], output_modalities: ['embeddings'] } },
          { id: 'acme/vectors-2', architecture: { input_modalities: ['text'], output_modalities: ['embedding'] } },
          { id: 'black-forest-labs/flux-kontext', architecture: { input_modalities: ['text', 'image'], output_modalities: ['image'] }, supported_parameters: ['tools', 'reasoning'] },
          { id: 'deepseek/deepseek-r1', architecture: { output_modalities: ['text'] }, supported_parameters: ['include_reasoning'] },
          { id: 'acme/thinker', architecture: { output_modalities: ['text'] }, supported_parameters: ['reasoning'] },
        ];
        const server = await track(startOpenRouterServer({ models }));
        const listing = await new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }).listModels(signal());
        expect(Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]))).toEqual({
          'openai/gpt-4o-audio-preview': ['chat', 'audio'],
          'acme/voice-1': ['audio'],
          'google/gemini-2.5-flash': ['chat', 'audio', 'vision'],
          'acme/vectors-1': ['embedding'],
          'acme/vectors-2': ['embedding'],
          'black-forest-labs/flux-kontext': ['image'],
          'deepseek/deepseek-r1': ['chat', 'reasoning'],
          'acme/thinker': ['chat', 'reasoning'],
        });
      });
    });

    describe('when prices are missing, negative ("varies") or not numbers', () => {
      it('should leave pricing out rather than guess, and convert cache prices per million', async () => {
        const priced: OpenRouterModel[] = [
          { id: 'openrouter/auto', pricing: { prompt: '-1', completion: '-1' } },
          { id: 'a/half', pricing: { prompt: '0.000001' } },
          { id: 'a/junk', pricing: { prompt: 'free', completion: {} } },
          {
            id: 'a/cached',
            pricing: { prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' },
            knowledge_cutoff: '2025-01-31',
            expiration_date: '2026-09-01',
          },
        ];
        const server = await track(startOpenRouterServer({ models: priced }));
        const listing = await new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }).listModels(signal());
        expect(listing.models.map((model) => model.pricing)).toEqual([undefined, undefined, undefined, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }]);
        expect(listing.models[3]).toMatchObject({ knowledgeCutoff: '2025-01-31', deprecated: '2026-09-01' });
      });
    });

    describe('when a key and attribution headers are configured', () => {
      it('should send them', async () => {
        const server = await track(startOpenRouterServer({ models: MODELS }));
        const provider = new OpenRouterProvider({
          name: 'openrouter',
          baseUrl: `${server.url}/api/v1`,
          apiKey: 'sk-or-test',
          headers: { 'HTTP-Referer': 'https://example.com', 'X-Title': 'Example' },
        });
        await provider.listModels(signal());
        expect(server.requests[0]?.headers).toMatchObject({ authorization: 'Bearer sk-or-test', 'http-referer': 'https://example.com', 'x-title': 'Example' });
      });
    });

    describe('when the answer is paged by links.next', () => {
      it('should follow the links', async () => {
        const server = await track(startOpenRouterServer({ models: MODELS, pageSize: 2 }));
        const listing = await new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1` }).listModels(signal());
        expect(listing.models).toHaveLength(MODELS.length);
        expect(server.requests.map((request) => request.url)).toEqual(['/api/v1/models?output_modalities=all', '/api/v1/models?offset=2', '/api/v1/models?offset=4', '/api/v1/models?offset=6']);
      });
    });

    describe('when links.next is an empty string', () => {
      it('should take it as the last page rather than ask for the same page again', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [{ id: 'a/one' }], links: { next: '' } })));
        const listing = await new OpenRouterProvider({ name: 'openrouter', baseUrl: server.url }).listModels(signal());
        expect(listing.models.map((model) => model.id)).toEqual(['a/one']);
        expect(server.requests).toHaveLength(1);
      });
    });

    describe('when links.next points at another origin', () => {
      it('should refuse to follow it', async () => {
        const other = await track(startOpenRouterServer({ models: MODELS }));
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [], links: { next: `${other.url}/api/v1/models` } })));
        const provider = new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1`, apiKey: 'sk-or-test' });
        await expect(provider.listModels(signal())).rejects.toMatchObject({ code: 'bad_response', message: expect.stringContaining(`another origin than ${server.url}; refused`) });
        expect(other.requests).toEqual([]);
      });
    });

    describe('when links.next is not a URL', () => {
      it('should fail with bad_response', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [], links: { next: 'http://[' } })));
        await expect(new OpenRouterProvider({ name: 'openrouter', baseUrl: server.url }).listModels(signal())).rejects.toThrow('not a URL');
      });
    });

    describe('when the answer has no data list', () => {
      it('should fail with bad_response', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, [])));
        await expect(new OpenRouterProvider({ name: 'openrouter', baseUrl: server.url }).listModels(signal())).rejects.toMatchObject({
          code: 'bad_response',
          message: expect.stringContaining('no "data" list; check baseUrl'),
        });
      });
    });
  });
});
