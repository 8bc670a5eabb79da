import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { ProviderError } from '../../src/errors/ProviderError.js';
import { OpenAiProvider } from '../../src/providers/OpenAiProvider.js';
import { sendJson, startFakeServer, startOpenAiServer, type FakeServer } from '../helpers/fakeProviderServer.js';

const KEY = 'sk-test-0123456789';
const servers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function openAi(models: Parameters<typeof startOpenAiServer>[0]['models']) {
  const server = await startOpenAiServer({ models, apiKey: KEY });
  servers.push(server);
  return server;
}

const signal = (): AbortSignal => new AbortController().signal;

const WITHOUT_EXTRAS = 'expected a URL without user:password, query or fragment (put credentials in apiKey or headers)';

describe('OpenAiProvider', () => {
  describe('.listModels', () => {
    describe('when the list mixes chat, embedding, speech, image and moderation models', () => {
      it('should return every model with the capabilities its id suggests', async () => {
        const server = await openAi([
          'gpt-4o',
          'text-embedding-3-small',
          'whisper-1',
          'gpt-4o-mini-tts',
          'gpt-4o-realtime-preview',
          'dall-e-3',
          'gpt-image-1',
          'omni-moderation-latest',
          'babbage-002',
          { id: 'ft:gpt-4o-mini-2024-07-18:acme::AbC123', owned_by: 'user-abc123' },
        ]);
        const provider = new OpenAiProvider({ name: 'openai', baseUrl: server.baseUrl, apiKey: KEY });
        const listing = await provider.listModels(signal());
        expect(listing.invalid).toBe(0);
        expect(Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]))).toEqual({
          'gpt-4o': ['chat'],
          'text-embedding-3-small': ['embedding'],
          'whisper-1': ['transcription'],
          'gpt-4o-mini-tts': ['speech'],
          'gpt-4o-realtime-preview': ['audio'],
          'dall-e-3': ['image'],
          'gpt-image-1': ['image'],
          'omni-moderation-latest': ['moderation'],
          'babbage-002': ['completion'],
          'ft:gpt-4o-mini-2024-07-18:acme::AbC123': ['chat'],
        });
        expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
        expect(server.requests[0]?.url).toBe('/v1/models');
      });
    });

    describe('when headers are configured', () => {
      it('should send them, with the key header winning over a configured one', async () => {
        const server = await openAi(['gpt-4o']);
        const provider = new OpenAiProvider({
          name: 'openai',
          baseUrl: `${server.baseUrl}/`,
          apiKey: KEY,
          headers: { 'OpenAI-Organization': 'org-1', Authorization: 'Bearer other' },
        });
        await provider.listModels(signal());
        expect(server.requests[0]?.headers['openai-organization']).toBe('org-1');
        expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      });
    });

    describe('when the key is rejected', () => {
      it('should fail with auth, naming OPENAI_API_KEY and not the key', async () => {
        const server = await openAi(['gpt-4o']);
        const provider = new OpenAiProvider({ name: 'openai', baseUrl: server.baseUrl, apiKey: 'sk-wrong-key-123' });
        const error = await provider.listModels(signal()).catch((reason: unknown) => reason);
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ code: 'auth', status: 401, provider: 'openai' });
        expect((error as Error).message).toBe('openai: the API key was rejected (401); check OPENAI_API_KEY or apiKey in the config');
      });
    });

    describe('when entries have the wrong shape', () => {
      it('should skip and count them, and ignore fields of the wrong type', async () => {
        const server = await startFakeServer((_req, res) =>
          sendJson(res, 200, {
            object: 'list',
            data: [{ id: 42 }, 'gpt-4o', null, { object: 'model' }, { id: 'ok', context_window: 'big' }, { id: 'big', context_window: 128000 }],
          }),
        );
        servers.push(server);
        const provider = new OpenAiProvider({ name: 'openai', baseUrl: server.url, apiKey: KEY });
        const listing = await provider.listModels(signal());
        expect(listing.invalid).toBe(4);
        expect(listing.models).toEqual([
          { id: 'ok', capabilities: ['chat'] },
          { id: 'big', contextWindow: 128000, capabilities: ['chat'] },
        ]);
      });
    });

    describe('when the answer holds no list', () => {
      it.each([[{ data: 'nope' }], [{ object: 'list' }], ['text'], [null]])('should fail with bad_response for %p', async (body) => {
        const server = await startFakeServer((_req, res) => sendJson(res, 200, body));
        servers.push(server);
        const provider = new OpenAiProvider({ name: 'openai', baseUrl: server.url, apiKey: KEY });
        await expect(provider.listModels(signal())).rejects.toMatchObject({ code: 'bad_response' });
      });
    });
  });

  describe('.unavailableReason', () => {
    describe('when there is no key', () => {
      it('should say which variable to set', () => {
        expect(new OpenAiProvider({ name: 'openai' }).unavailableReason).toBe('no API key: set OPENAI_API_KEY or apiKey in the config');
      });
    });

    describe('when there is a key', () => {
      it('should be undefined', () => {
        expect(new OpenAiProvider({ name: 'openai', apiKey: KEY }).unavailableReason).toBeUndefined();
      });
    });
  });

  describe('constructor', () => {
    describe('when the key holds a line break', () => {
      it('should throw a ConfigError that does not show the key', () => {
        const build = () => new OpenAiProvider({ name: 'openai', apiKey: 'sk-abc\r\nX-Evil: 1' });
        expect(build).toThrow(ConfigError);
        expect(build).toThrow(/apiKey: the key holds characters/);
        expect(build).not.toThrow(/sk-abc/);
      });
    });

    describe('when a header value holds a line break', () => {
      it('should throw a ConfigError naming the header', () => {
        expect(() => new OpenAiProvider({ name: 'openai', headers: { 'X-Title': 'a\nb' } })).toThrow(
          /headers\.X-Title.*: the value holds characters an HTTP header cannot carry/,
        );
      });
    });

    describe.each([
      ['ftp://example.com', 'expected an http:// or https:// URL'],
      ['not a url', 'expected an http:// or https:// URL'],
      ['https://user:pass@example.com/v1', WITHOUT_EXTRAS],
      ['https://:pass@example.com/v1', WITHOUT_EXTRAS],
      ['https://example.com/v1?x=1', WITHOUT_EXTRAS],
      ['https://example.com/v1#models', WITHOUT_EXTRAS],
    ])('when baseUrl is %p', (baseUrl, message) => {
      it('should throw a ConfigError naming the provider, the field and the problem', () => {
        expect(() => new OpenAiProvider({ name: 'openai', baseUrl })).toThrow(message);
        expect(() => new OpenAiProvider({ name: 'openai', baseUrl })).toThrow(/provider "openai"[\s\S]*baseUrl/);
      });
    });
  });
});
