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
          { id: 'openai/gpt-4o', displayName: 'OpenAI: GPT-4o', contextWindow: 128000, capabilities: ['chat', 'vision', 'tools'] },
          { id: 'meta-llama/llama-3.1-70b-instruct:free', displayName: 'Meta: Llama 3.1 70B (free)', contextWindow: 65536, capabilities: ['chat'] },
          { id: 'google/gemini-2.5-flash-image', displayName: 'Google: Nano Banana', capabilities: ['chat', 'image', 'vision'] },
          { id: 'openai/text-embedding-3-small', capabilities: ['embedding'] },
          { id: 'mistralai/mistral-embed', capabilities: ['embedding'] },
          { id: 'x/odd', capabilities: ['video'] },
          { id: 'x/unknown', capabilities: ['chat'] },
        ]);
        expect(server.requests[0]?.headers.authorization).toBeUndefined();
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
        expect(server.requests.map((request) => request.url)).toEqual(['/api/v1/models', '/api/v1/models?offset=2', '/api/v1/models?offset=4', '/api/v1/models?offset=6']);
      });
    });

    describe('when links.next points at another origin', () => {
      it('should refuse to follow it', async () => {
        const other = await track(startOpenRouterServer({ models: MODELS }));
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [], links: { next: `${other.url}/api/v1/models` } })));
        const provider = new OpenRouterProvider({ name: 'openrouter', baseUrl: `${server.url}/api/v1`, apiKey: 'sk-or-test' });
        await expect(provider.listModels(signal())).rejects.toMatchObject({ code: 'bad_response' });
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
        });
      });
    });
  });
});
