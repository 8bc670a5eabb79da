import { describe, expect, it } from '@jest/globals';
import { geminiCapabilities, GeminiProvider } from '../../src/providers/GeminiProvider.js';
import { sendJson, startFakeServer } from '../helpers/fakeProviderServer.js';
import { quietSignal, trackServers } from '../helpers/trackServers.js';
import { GEMINI_LOCATION_UNSUPPORTED, startGeminiServer, type GeminiModel } from '../helpers/fakeProviders.js';

const KEY = 'AIza-test-0123456789';
const track = trackServers();
const signal = quietSignal;

const MODELS: GeminiModel[] = [
  {
    name: 'models/gemini-2.5-flash',
    baseModelId: 'gemini-2.5-flash',
    version: '001',
    displayName: 'Gemini 2.5 Flash',
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    thinking: true,
  },
  { name: 'models/text-embedding-004', displayName: 'Text Embedding 004', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent'] },
  { name: 'models/imagen-4.0-generate-001', displayName: 'Imagen 4', supportedGenerationMethods: ['predict'] },
  { name: 'models/veo-3.0-generate-001', supportedGenerationMethods: ['predictLongRunning'] },
  { name: 'models/gemini-2.5-flash-preview-tts', supportedGenerationMethods: ['countTokens', 'generateContent'] },
  { name: 'models/gemini-2.5-flash-image', supportedGenerationMethods: ['generateContent', 'countTokens'] },
  { name: 'models/gemini-live-2.5-flash-preview', supportedGenerationMethods: ['bidiGenerateContent'] },
  { name: 'models/aqa', supportedGenerationMethods: ['generateAnswer'] },
  { name: 'models/lyria-3-pro-preview', supportedGenerationMethods: ['generateContent', 'countTokens'] },
  { name: 'models/nano-banana-pro-preview', supportedGenerationMethods: ['generateContent', 'countTokens', 'batchGenerateContent'] },
];

describe('GeminiProvider', () => {
  describe('.listModels', () => {
    describe('when the list spans several pages', () => {
      it('should follow nextPageToken, strip "models/" and classify by method', async () => {
        const server = await track(startGeminiServer({ models: MODELS, apiKey: KEY, maxPageSize: 3 }));
        const provider = new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY });
        const listing = await provider.listModels(signal());
        expect(listing.invalid).toBe(0);
        expect(listing.models[0]).toEqual({
          id: 'gemini-2.5-flash',
          displayName: 'Gemini 2.5 Flash',
          contextWindow: 1048576,
          maxOutputTokens: 65536,
          capabilities: ['chat', 'reasoning'],
        });
        expect(listing.models[1]).toEqual({ id: 'text-embedding-004', displayName: 'Text Embedding 004', contextWindow: 2048, capabilities: ['embedding'] });
        expect(Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]))).toEqual({
          'gemini-2.5-flash': ['chat', 'reasoning'],
          'text-embedding-004': ['embedding'],
          'imagen-4.0-generate-001': ['image'],
          'veo-3.0-generate-001': ['video'],
          'gemini-2.5-flash-preview-tts': ['speech'],
          'gemini-2.5-flash-image': ['image'],
          'gemini-live-2.5-flash-preview': ['audio'],
          'lyria-3-pro-preview': ['audio'],
          'nano-banana-pro-preview': ['image'],
          aqa: ['other'],
        });
        expect(server.requests).toHaveLength(4);
        expect(server.requests.map((request) => request.query.get('pageSize'))).toEqual(['1000', '1000', '1000', '1000']);
        expect(server.requests[0]?.query.has('pageToken')).toBe(false);
        expect(server.requests[1]?.query.get('pageToken')).toBeTruthy();
      });
    });

    describe('when sending the key', () => {
      it('should put it in x-goog-api-key and never in the URL', async () => {
        const server = await track(startGeminiServer({ models: MODELS, apiKey: KEY }));
        await new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY }).listModels(signal());
        expect(server.requests[0]?.headers['x-goog-api-key']).toBe(KEY);
        expect(server.requests[0]?.url).not.toContain(KEY);
        expect(server.requests[0]?.query.has('key')).toBe(false);
      });
    });

    describe('when Google answers 400 API_KEY_INVALID', () => {
      it('should fail with auth, naming the reason, GOOGLE_API_KEY and GEMINI_API_KEY', async () => {
        const server = await track(startGeminiServer({ models: MODELS, apiKey: KEY }));
        const provider = new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: 'AIza-wrong' });
        const error = await provider.listModels(signal()).catch((reason: unknown) => reason);
        expect(error).toMatchObject({ code: 'auth', status: 400, reason: 'API_KEY_INVALID' });
        expect((error as Error).message).toBe(
          'gemini: the API key was rejected (400 API_KEY_INVALID); check GOOGLE_API_KEY or GEMINI_API_KEY or apiKey in the config',
        );
        expect((error as Error).message).not.toContain('AIza-wrong');
      });
    });

    describe('when Google answers another 400', () => {
      it('should report the reason it gave, not a bad key', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 400, GEMINI_LOCATION_UNSUPPORTED)));
        const error = await new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY }).listModels(signal()).catch((reason: unknown) => reason);
        expect(error).toMatchObject({ code: 'http_error', status: 400, reason: 'FAILED_PRECONDITION' });
        expect((error as Error).message).toContain('the request was refused (400 FAILED_PRECONDITION)');
        expect((error as Error).message).not.toMatch(/invalid API key|rejected/);
      });

      it('should say 400 alone when the body gives no reason, and never quote the body', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 400, { error: { message: `bad ${KEY}`, status: 'not a code' } })));
        const error = await new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY }).listModels(signal()).catch((reason: unknown) => reason);
        expect(error).toMatchObject({ code: 'http_error', status: 400, reason: undefined });
        expect((error as Error).message).toContain('the request was refused (400);');
        expect((error as Error).message).not.toContain(KEY);
      });
    });

    describe('when Google answers an error other than 400', () => {
      it('should report that status as it is, not as a refused request', async () => {
        const body = { error: { code: 403, message: 'Method doesn\'t allow unregistered callers', status: 'PERMISSION_DENIED' } };
        const server = await track(startFakeServer((_req, res) => sendJson(res, 403, body)));
        const error = await new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY }).listModels(signal()).catch((reason: unknown) => reason);
        expect(error).toMatchObject({ status: 403 });
        expect((error as Error).message).not.toContain('400');
      });
    });

    describe('when a page holds entries of the wrong shape', () => {
      it('should skip and count them', async () => {
        const server = await track(
          startFakeServer((_req, res) => sendJson(res, 200, { models: [{ name: 'models/gemini-pro', supportedGenerationMethods: 'generateContent' }, { displayName: 'x' }] })),
        );
        const listing = await new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY }).listModels(signal());
        expect(listing).toEqual({ models: [{ id: 'gemini-pro', capabilities: ['chat'] }], invalid: 1 });
      });
    });

    describe('when the answer is not a model list', () => {
      it.each([[[1, 2]], [{ models: 'x', nextPageToken: 5 }], ['text']])('should fail with bad_response for %p', async (body) => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, body)));
        await expect(new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY }).listModels(signal())).rejects.toMatchObject({
          code: 'bad_response',
          message: 'gemini: the answer was not a model list; check baseUrl',
        });
      });
    });

    describe('when an empty last page leaves out "models"', () => {
      it('should end the list', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, {})));
        const listing = await new GeminiProvider({ name: 'gemini', baseUrl: server.url, apiKey: KEY }).listModels(signal());
        expect(listing).toEqual({ models: [], invalid: 0 });
      });
    });
  });

  describe('geminiCapabilities', () => {
    describe('when no methods are given', () => {
      it('should fall back to the id', () => {
        expect(geminiCapabilities('text-embedding-004', undefined)).toEqual(['embedding']);
      });
    });

    describe('when the methods say more than the id', () => {
      it.each([
        ['chat-bison-001', ['generateMessage', 'countMessageTokens'], undefined, ['other']],
        ['embedding-gecko-001', ['embedText', 'countTextTokens'], undefined, ['embedding']],
        ['gemini-embedding-001', ['embedContent', 'countTextTokens', 'countTokens', 'asyncBatchEmbedContent'], undefined, ['embedding']],
        ['batch-only', ['batchEmbedContents'], undefined, ['embedding']],
        ['async-batch-only', ['asyncBatchEmbedContent'], undefined, ['embedding']],
        ['imagen-4.0-generate-001', ['predict', 'countTokens'], undefined, ['image']],
        ['gemini-2.0-flash-exp', ['generateContent', 'countTokens', 'bidiGenerateContent'], undefined, ['chat']],
        ['gemini-2.5-flash-preview-tts', ['countTokens', 'generateContent'], true, ['speech']],
        ['gemini-2.0-flash', ['generateContent', 'countTokens'], undefined, ['chat']],
      ])('should read %s with %p (thinking %p) as %p', (id, methods, thinking, expected) => {
        expect(geminiCapabilities(id, methods, thinking)).toEqual(expected);
      });
    });
  });
});
