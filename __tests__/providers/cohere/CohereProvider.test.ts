import { describe, expect, it } from '@jest/globals';
import { ProviderError } from '../../../src/errors/ProviderError.js';
import { CohereProvider } from '../../../src/providers/cohere/CohereProvider.js';
import { cohereModel } from '../../../src/providers/cohere/readCohereModels.js';
import { sendJson, startFakeServer } from '../../helpers/fakeProviderServer.js';
import { chatIds, readFixture } from '../../helpers/readFixture.js';
import { quietSignal, trackServers } from '../../helpers/trackServers.js';

const track = trackServers();
const KEY = 'co-test-key-0123456789';
const RECORDED = readFixture('cohere/models-2026.json') as { models: { name: string }[] };

/** Answers like Cohere: `GET /v1/models`, Bearer auth, `page_size` entries a page with `next_page_token`. */
function startCohere(models: readonly unknown[] = RECORDED.models) {
  return track(
    startFakeServer((_req, res, request) => {
      if (request.path !== '/v1/models') return sendJson(res, 404, { message: 'not found' });
      if (request.headers.authorization !== `Bearer ${KEY}`) return sendJson(res, 401, { message: 'invalid api token' });
      const size = Number(request.query.get('page_size') ?? '20');
      const start = Number(request.query.get('page_token') ?? '0');
      const next = start + size < models.length ? String(start + size) : undefined;
      return sendJson(res, 200, { models: models.slice(start, start + size), ...(next === undefined ? {} : { next_page_token: next }) });
    }),
  );
}

describe('CohereProvider', () => {
  describe('.listModels', () => {
    describe('when served the recorded list (2026)', () => {
      it('should list exactly the chat models and lose no id', async () => {
        const server = await startCohere();
        const provider = new CohereProvider({ name: 'cohere', baseUrl: server.url, apiKey: KEY });
        const { models, invalid } = await provider.listModels(quietSignal());
        expect(invalid).toBe(0);
        expect(chatIds(models)).toEqual([
          'c4ai-aya-expanse-32b', 'c4ai-aya-vision-32b', 'command-a-03-2025', 'command-a-plus-05-2026', 'command-a-reasoning-08-2025',
          'command-a-translate-08-2025', 'command-a-vision-07-2025', 'command-r-08-2024', 'command-r-plus-08-2024', 'command-r7b-12-2024',
          'command-r7b-arabic-02-2025',
        ]);
        expect(models.map((model) => model.id)).toEqual(RECORDED.models.map((model) => model.name));
        expect(server.requests[0]?.query.get('page_size')).toBe('1000');
      });

      it('should map endpoints and features onto the vocabulary', async () => {
        const server = await startCohere();
        const provider = new CohereProvider({ name: 'cohere', baseUrl: server.url, apiKey: KEY });
        const byId = new Map((await provider.listModels(quietSignal())).models.map((model) => [model.id, model]));
        expect(byId.get('command-a-plus-05-2026')).toMatchObject({ capabilities: ['completion', 'chat', 'tools', 'reasoning', 'vision'], contextWindow: 436000 });
        expect(byId.get('embed-english-v3.0')).toMatchObject({ capabilities: ['embedding'], contextWindow: 512 });
        expect(byId.get('embed-english-v3.0-image')?.capabilities).toEqual(['embedding']);
        expect(byId.get('embed-english-v3.0-image')?.contextWindow).toBeUndefined();
        expect(byId.get('cohere-transcribe-03-2026')?.capabilities).toEqual(['transcription']);
      });
    });

    describe('when the list spans pages', () => {
      it('should follow next_page_token to the end', async () => {
        const many = Array.from({ length: 2500 }, (_, index) => ({ name: `rerank-v${index}`, endpoints: ['rerank'], context_length: 4096 }));
        const server = await startCohere(many);
        const provider = new CohereProvider({ name: 'cohere', baseUrl: server.url, apiKey: KEY });
        const { models } = await provider.listModels(quietSignal());
        expect(models).toHaveLength(2500);
        expect(models[2499]).toMatchObject({ id: 'rerank-v2499', capabilities: ['rerank'], contextWindow: 4096 });
        expect(server.requests.map((request) => request.query.get('page_token'))).toEqual([null, '1000', '2000']);
      });
    });

    describe('when the key is rejected', () => {
      it('should fail with auth, name both key variables and never show the key', async () => {
        const server = await startCohere();
        const provider = new CohereProvider({ name: 'cohere', baseUrl: server.url, apiKey: 'co-wrong-key-abcdefgh', retries: 0 });
        const failure = await provider.listModels(quietSignal()).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ProviderError);
        expect((failure as ProviderError).code).toBe('auth');
        expect((failure as ProviderError).message).toMatch(/COHERE_API_KEY or CO_API_KEY/);
        expect((failure as ProviderError).message).not.toContain('co-wrong-key-abcdefgh');
      });
    });

    describe('when the answer holds no models list', () => {
      it('should fail with bad_response, saying to check baseUrl', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [] })));
        const provider = new CohereProvider({ name: 'cohere', baseUrl: server.url, apiKey: KEY, retries: 0 });
        await expect(provider.listModels(quietSignal())).rejects.toMatchObject({
          code: 'bad_response',
          message: 'cohere: the answer held no "models" list; check baseUrl',
        });
      });
    });

    describe('when an entry is malformed', () => {
      it('should count it and keep the rest', async () => {
        const server = await startCohere([{ name: 'command-r-08-2024', endpoints: ['chat'] }, { endpoints: ['chat'] }, 42]);
        const provider = new CohereProvider({ name: 'cohere', baseUrl: server.url, apiKey: KEY });
        const listing = await provider.listModels(quietSignal());
        expect(listing.models.map((model) => model.id)).toEqual(['command-r-08-2024']);
        expect(listing.invalid).toBe(2);
      });
    });
  });
});

describe('cohereModel', () => {
  it('should read context_length, modalities and deprecation as facts', () => {
    expect(cohereModel({ name: 'c4ai-aya-vision-32b', endpoints: ['chat'], features: ['vision'], context_length: 16384, is_deprecated: true })).toEqual({
      id: 'c4ai-aya-vision-32b',
      capabilities: ['chat', 'vision'],
      contextWindow: 16384,
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
      deprecated: 'deprecated by Cohere',
    });
  });

  describe.each([
    ['an embed model with features', { name: 'embed-v4.0', endpoints: ['embed'], features: ['tools', 'vision'] }, { capabilities: ['embedding'], inputModalities: ['text', 'image'] }],
    ['an image embed model', { name: 'embed-image', endpoints: ['embed_image'] }, { capabilities: ['embedding'], inputModalities: ['text', 'image'] }],
    ['a generate model with strict tools', { name: 'command', endpoints: ['generate'], features: ['strict_tools', 'tools'] }, { capabilities: ['completion', 'tools'], inputModalities: ['text'], outputModalities: ['text'] }],
    ['a chat model flagged for vision', { name: 'command-a-vision', endpoints: ['chat'], supports_vision: true, features: null }, { capabilities: ['chat', 'vision'], inputModalities: ['text', 'image'], outputModalities: ['text'] }],
    ['a chat model with reasoning', { name: 'command-a-reasoning', endpoints: ['chat'], features: ['reasoning', 'json_mode'] }, { capabilities: ['chat', 'reasoning'], inputModalities: ['text'], outputModalities: ['text'] }],
    ['a transcription model', { name: 'cohere-transcribe', endpoints: ['transcriptions'] }, { capabilities: ['transcription'], inputModalities: ['audio'], outputModalities: ['text'] }],
    ['a rerank model', { name: 'rerank-v3.5', endpoints: ['rerank'], is_deprecated: false }, { capabilities: ['rerank'], inputModalities: ['text'] }],
    ['a model whose endpoints have no word', { name: 'summarize-xlarge', endpoints: ['summarize', 'classify'] }, { capabilities: ['chat'], inputModalities: ['text'] }],
    ['a model without endpoints', { name: 'embed-multilingual-v2.0' }, { capabilities: ['embedding'], inputModalities: ['text'] }],
  ])('when the entry is %s', (_label, entry, expected) => {
    it('should read exactly these facts', () => {
      expect(cohereModel(entry)).toStrictEqual({ id: entry.name, ...expected });
    });
  });
});
