import { describe, expect, it } from '@jest/globals';
import { ProviderError } from '../../src/errors/ProviderError.js';
import { AnthropicProvider, ANTHROPIC_VERSION } from '../../src/providers/AnthropicProvider.js';
import { MAX_PAGES } from '../../src/providers/collectPages.js';
import { sendJson, startFakeServer, type FakeHandler } from '../helpers/fakeProviderServer.js';
import { startAnthropicServer, type AnthropicModel } from '../helpers/fakeProviders.js';
import { quietSignal, trackServers } from '../helpers/trackServers.js';

const KEY = 'sk-ant-test-0123';
const track = trackServers();
const serve = (handler: FakeHandler) => track(startFakeServer(handler));
const signal = quietSignal;

const MODELS: AnthropicModel[] = [
  {
    id: 'claude-opus-4-6',
    display_name: 'Claude Opus 4.6',
    max_input_tokens: 200000,
    max_tokens: 128000,
    capabilities: { image_input: { supported: true }, thinking: { supported: true } },
  },
  { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5' },
  { id: 'claude-opus-4-1-20250805', display_name: 'Claude Opus 4.1' },
  { id: 'claude-3-5-haiku-20241022', display_name: 'Claude Haiku 3.5' },
];

describe('AnthropicProvider', () => {
  describe('.listModels', () => {
    describe('when the list spans three pages', () => {
      it('should follow after_id until has_more is false', async () => {
        const server = await track(startAnthropicServer({ models: MODELS, apiKey: KEY, maxPageSize: 2 }));
        const provider = new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: KEY });
        const listing = await provider.listModels(signal());
        expect(listing.models.map((model) => model.id)).toEqual(MODELS.map((model) => model.id));
        expect(listing.models[0]).toEqual({
          id: 'claude-opus-4-6',
          displayName: 'Claude Opus 4.6',
          contextWindow: 200000,
          maxOutputTokens: 128000,
          capabilities: ['chat', 'vision', 'reasoning'],
          inputModalities: ['text', 'image'],
          releaseDate: '2025-01-01',
        });
        expect(listing.models[1]).toEqual({ id: 'claude-sonnet-4-5-20250929', displayName: 'Claude Sonnet 4.5', capabilities: ['chat'], releaseDate: '2025-01-01' });
        expect(server.requests.map((request) => request.url)).toEqual([
          '/v1/models?limit=1000',
          '/v1/models?limit=1000&after_id=claude-sonnet-4-5-20250929',
          '/v1/models?limit=1000&after_id=claude-opus-4-1-20250805',
        ]);
        expect(server.requests[0]?.headers['x-api-key']).toBe(KEY);
        expect(server.requests[0]?.headers['anthropic-version']).toBe(ANTHROPIC_VERSION);
        expect(server.requests[0]?.headers.authorization).toBeUndefined();
      });
    });

    describe('when capabilities say some inputs are not supported', () => {
      it('should add only the modalities and capabilities marked supported', async () => {
        const models: AnthropicModel[] = [
          {
            id: 'claude-text-only',
            capabilities: { image_input: { supported: false }, pdf_input: { supported: true }, thinking: { supported: false } },
          },
          { id: 'claude-sees', capabilities: { image_input: { supported: true }, pdf_input: { supported: false } } },
        ];
        const server = await track(startAnthropicServer({ models, apiKey: KEY }));
        const listing = await new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: KEY }).listModels(signal());
        expect(listing.models.map(({ id, capabilities, inputModalities }) => ({ id, capabilities, inputModalities }))).toEqual([
          { id: 'claude-text-only', capabilities: ['chat'], inputModalities: ['text', 'file'] },
          { id: 'claude-sees', capabilities: ['chat', 'vision'], inputModalities: ['text', 'image'] },
        ]);
      });
    });

    describe('when headers add anthropic-beta and another version', () => {
      it('should send them', async () => {
        const server = await track(startAnthropicServer({ models: MODELS, apiKey: KEY }));
        const provider = new AnthropicProvider({
          name: 'anthropic',
          baseUrl: server.url,
          apiKey: KEY,
          headers: { 'anthropic-beta': 'models-2025', 'Anthropic-Version': '2025-01-01' },
        });
        await provider.listModels(signal());
        expect(server.requests[0]?.headers['anthropic-beta']).toBe('models-2025');
        expect(server.requests[0]?.headers['anthropic-version']).toBe('2025-01-01');
      });
    });

    describe('when the key is rejected', () => {
      it('should fail with auth and name ANTHROPIC_API_KEY', async () => {
        const server = await track(startAnthropicServer({ models: MODELS, apiKey: KEY }));
        const provider = new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: 'sk-ant-wrong' });
        await expect(provider.listModels(signal())).rejects.toThrow(
          'anthropic: the API key was rejected (401); check ANTHROPIC_API_KEY or apiKey in the config',
        );
      });
    });

    describe('when the key lacks permission', () => {
      it('should fail with forbidden', async () => {
        const server = await serve((_req, res) => sendJson(res, 403, { type: 'error', error: { type: 'permission_error', message: 'no' } }));
        const provider = new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: KEY });
        await expect(provider.listModels(signal())).rejects.toMatchObject({ code: 'forbidden', status: 403 });
      });
    });

    describe('when the server repeats a cursor', () => {
      it('should stop with bad_response', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, { data: [{ id: 'a' }], has_more: true, first_id: 'a', last_id: 'a' }));
        const provider = new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: KEY });
        const error = (await provider.listModels(signal()).catch((reason: unknown) => reason)) as ProviderError;
        expect(error.code).toBe('bad_response');
        expect(error.message).toContain('same page cursor twice');
        expect(server.requests).toHaveLength(2);
      });
    });

    describe('when pages never end', () => {
      it(`should stop after ${MAX_PAGES} pages with bad_response`, async () => {
        let page = 0;
        const server = await serve((_req, res) => {
          page++;
          sendJson(res, 200, { data: [{ id: `m${page}` }], has_more: true, last_id: `m${page}` });
        });
        const provider = new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: KEY });
        await expect(provider.listModels(signal())).rejects.toMatchObject({ code: 'bad_response' });
        expect(server.requests).toHaveLength(MAX_PAGES);
      });
    });

    describe('when has_more is true but last_id is missing', () => {
      it('should fail with bad_response', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, { data: [], has_more: true, last_id: null }));
        const provider = new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: KEY });
        await expect(provider.listModels(signal())).rejects.toThrow('gave no "last_id"');
      });
    });

    describe('when the answer has the wrong types', () => {
      it('should fail for a page without data, and skip odd entries', async () => {
        for (const body of [{ data: { id: 'x' } }, { data: [], has_more: 'yes' }, { data: [], has_more: true, last_id: 7 }]) {
          const bad = await serve((_req, res) => sendJson(res, 200, body));
          await expect(new AnthropicProvider({ name: 'a', baseUrl: bad.url, apiKey: KEY }).listModels(signal())).rejects.toMatchObject({
            code: 'bad_response',
          });
        }
        const odd = await serve((_req, res) =>
          sendJson(res, 200, { data: [{ id: 'ok', display_name: 3, max_input_tokens: -1 }, { display_name: 'no id' }, 5], has_more: false }),
        );
        const listing = await new AnthropicProvider({ name: 'a', baseUrl: odd.url, apiKey: KEY }).listModels(signal());
        expect(listing).toEqual({ models: [{ id: 'ok', capabilities: ['chat'] }], invalid: 2 });
      });
    });

    describe('when the caller aborts in the middle of pagination', () => {
      it('should reject with the reason and ask for no further page', async () => {
        const controller = new AbortController();
        const reason = new Error('stopped by the caller');
        const server = await serve((_req, res, request) => {
          if (request.query.get('after_id') === null) {
            sendJson(res, 200, { data: [{ id: 'a' }], has_more: true, last_id: 'a' });
          } else {
            // The second page hangs; the caller gives up while it does.
            controller.abort(reason);
          }
        });
        const provider = new AnthropicProvider({ name: 'anthropic', baseUrl: server.url, apiKey: KEY });
        await expect(provider.listModels(controller.signal)).rejects.toBe(reason);
        expect(server.requests).toHaveLength(2);
      });
    });
  });

  describe('.unavailableReason', () => {
    it('should name ANTHROPIC_API_KEY when there is no key', () => {
      expect(new AnthropicProvider({ name: 'anthropic' }).unavailableReason).toBe('no API key: set ANTHROPIC_API_KEY or apiKey in the config');
    });
  });
});
