import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../../src/errors/ConfigError.js';
import { ProviderError } from '../../../src/errors/ProviderError.js';
import { AzureOpenAiProvider } from '../../../src/providers/azure/AzureOpenAiProvider.js';
import { azureModel, readAzureModels } from '../../../src/providers/azure/readAzureModels.js';
import { sendJson, startFakeServer } from '../../helpers/fakeProviderServer.js';
import { ManualClock } from '../../helpers/ManualClock.js';
import { chatIds, readFixture } from '../../helpers/readFixture.js';
import { quietSignal, trackServers } from '../../helpers/trackServers.js';

const track = trackServers();
const KEY = 'azure-test-key-0123456789';
const RECORDED = readFixture('azure-openai/models-2025-03.json') as { data: { id: string }[] };
// The day the payload was recorded: what was retired then is past its deprecation date.
const RECORDED_AT = Date.UTC(2025, 2, 19);

/** Answers like Azure's v1 data plane: the list at /openai/v1/models, 401 without the right api-key. */
function startAzure(body: unknown = RECORDED) {
  return track(
    startFakeServer((_req, res, request) => {
      if (request.path !== '/openai/v1/models') return sendJson(res, 404, { error: { code: '404', message: 'Resource not found' } });
      if (request.headers['api-key'] !== KEY) {
        return sendJson(res, 401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } });
      }
      return sendJson(res, 200, body);
    }),
  );
}

describe('AzureOpenAiProvider', () => {
  describe('.listModels', () => {
    describe('when served the recorded catalog of a resource (March 2025)', () => {
      it('should list exactly the chat models Azure flags and has not retired', async () => {
        const server = await startAzure();
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: server.url, apiKey: KEY, clock: new ManualClock(RECORDED_AT) });
        const { models } = await provider.listModels(quietSignal());
        expect(chatIds(models)).toEqual([
          'gpt-35-turbo', 'gpt-35-turbo-0125', 'gpt-35-turbo-0301', 'gpt-35-turbo-0613', 'gpt-35-turbo-1106', 'gpt-35-turbo-16k',
          'gpt-35-turbo-16k-0613', 'gpt-4', 'gpt-4-0125-Preview', 'gpt-4-0314', 'gpt-4-0613', 'gpt-4-1106-Preview', 'gpt-4-32k',
          'gpt-4-32k-0314', 'gpt-4-32k-0613', 'gpt-4-turbo-2024-04-09', 'gpt-4-turbo-jp', 'gpt-4-vision-preview', 'gpt-4o',
          'gpt-4o-2024-05-13', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'gpt-4o-audio-mai', 'gpt-4o-audio-preview-2024-10-01',
          'gpt-4o-audio-preview-2024-12-17', 'gpt-4o-canvas-2024-09-25', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18',
          'gpt-4o-mini-audio-preview-2024-12-17', 'o1-2024-12-17', 'o1-mini-2024-09-12', 'o1-preview', 'o1-preview-2024-09-12',
          'o3-mini', 'o3-mini-2025-01-31',
        ]);
        expect(server.requests[0]?.headers.authorization).toBeUndefined();
      });

      it('should lose no id, and keep ada, davinci, embeddings and DALL·E out of chat', async () => {
        const server = await startAzure();
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: server.url, apiKey: KEY, clock: new ManualClock(RECORDED_AT) });
        const { models } = await provider.listModels(quietSignal());
        expect(new Set(models.map((model) => model.id))).toEqual(new Set(RECORDED.data.map((entry) => entry.id)));
        const byId = new Map(models.map((model) => [model.id, model]));
        expect(byId.get('davinci')?.capabilities).toEqual(['completion']);
        expect(byId.get('text-embedding-3-large')?.capabilities).toEqual(['embedding']);
        expect(byId.get('dall-e-3')?.capabilities).not.toContain('chat');
        expect(byId.get('gpt-4o-realtime-preview')?.capabilities).not.toContain('chat');
        expect(byId.get('gpt-4o')?.deprecated).toBe('2025-06-30');
      });
    });

    describe('when the clock passes a model’s inference retirement date', () => {
      it('should take it out of the chat list but keep listing it', async () => {
        const server = await startAzure();
        const clock = new ManualClock(Date.UTC(2025, 5, 29));
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: server.url, apiKey: KEY, clock });
        expect(chatIds((await provider.listModels(quietSignal())).models)).toContain('gpt-4o');
        clock.advance(2 * 24 * 3600 * 1000);
        const after = (await provider.listModels(quietSignal())).models;
        expect(chatIds(after)).not.toContain('gpt-4o');
        expect(after.find((model) => model.id === 'gpt-4o')?.capabilities).toEqual(['other']);
      });
    });

    describe('when deployments are configured', () => {
      it('should list each under its own name with the facts of the model it runs', async () => {
        const server = await startAzure();
        const provider = new AzureOpenAiProvider({
          name: 'azure',
          baseUrl: `${server.url}/openai/v1/`,
          apiKey: KEY,
          clock: new ManualClock(RECORDED_AT),
          deployments: [
            { name: 'prod-4o', model: 'gpt-4o' },
            { name: 'search-embed', model: 'text-embedding-3-small' },
            { name: 'future', model: 'gpt-9' },
          ],
        });
        const { models } = await provider.listModels(quietSignal());
        expect(models.slice(0, 3)).toEqual([
          { id: 'prod-4o', displayName: 'prod-4o (gpt-4o)', capabilities: ['chat'], deprecated: '2025-06-30' },
          { id: 'search-embed', displayName: 'search-embed (text-embedding-3-small)', capabilities: ['embedding'], deprecated: '2026-01-25' },
          { id: 'future', displayName: 'future (gpt-9)', capabilities: ['chat'] },
        ]);
      });
    });

    describe('when the key is rejected', () => {
      it('should fail with auth and never show the key', async () => {
        const server = await startAzure();
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: server.url, apiKey: 'wrong-key-abcdefgh', retries: 0 });
        const failure = await provider.listModels(quietSignal()).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ProviderError);
        expect((failure as ProviderError).code).toBe('auth');
        expect((failure as ProviderError).message).toContain('AZURE_OPENAI_API_KEY');
        expect(JSON.stringify(failure) + String((failure as Error).message)).not.toContain('wrong-key-abcdefgh');
      });
    });

    describe('when entries are malformed or hostile', () => {
      it('should count the unreadable ones, ignore mistyped fields, and keep the rest', async () => {
        const server = await startAzure({
          object: 'list',
          data: [
            { id: 'gpt-4o', capabilities: { chat_completion: true }, deprecation: { inference: 'soon' } },
            { id: 'evil\u001b[31m', capabilities: { chat_completion: true } },
            { id: 'x'.repeat(300), capabilities: { chat_completion: true } },
            { capabilities: { chat_completion: true } },
            'gpt-4o-mini',
            { id: 'odd-flags', capabilities: 'all' },
          ],
        });
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: server.url, apiKey: KEY });
        const listing = await provider.listModels(quietSignal());
        expect(listing.models).toEqual([
          { id: 'gpt-4o', capabilities: ['chat'] },
          { id: 'odd-flags', capabilities: ['other'] },
        ]);
        expect(listing.invalid).toBe(4);
      });
    });

    describe('when baseUrl is the endpoint in any of the forms Azure shows', () => {
      it.each(['', '/', '//', '/openai', '/openai/', '/OpenAI/v1', '/openai/v1/'])('should list from /openai/v1/models given the endpoint + %p', async (suffix) => {
        const server = await startAzure({ data: [{ id: 'gpt-4o', capabilities: { chat_completion: true } }] });
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: `${server.url}${suffix}`, apiKey: KEY });
        await expect(provider.listModels(quietSignal())).resolves.toMatchObject({ models: [{ id: 'gpt-4o' }] });
      });

      it('should keep a path that only starts like /openai, and add /openai/v1 after it', async () => {
        const server = await startAzure();
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: `${server.url}/openaigw`, apiKey: KEY });
        await expect(provider.listModels(quietSignal())).rejects.toMatchObject({ code: 'not_found' });
        expect(server.requests.map((request) => request.path)).toEqual(['/openaigw/openai/v1/models']);
      });
    });

    describe('when the answer is not a list', () => {
      it('should fail with bad_response, saying to check that baseUrl is the resource endpoint', async () => {
        const server = await startAzure({ value: [] });
        const provider = new AzureOpenAiProvider({ name: 'azure', baseUrl: server.url, apiKey: KEY });
        await expect(provider.listModels(quietSignal())).rejects.toMatchObject({
          code: 'bad_response',
          message: expect.stringContaining('held no "data" list; check that baseUrl is your Azure OpenAI resource endpoint'),
        });
      });
    });
  });

  describe('constructor', () => {
    it('should name baseUrl and AZURE_OPENAI_ENDPOINT when no endpoint is given', () => {
      const build = (): AzureOpenAiProvider => new AzureOpenAiProvider({ name: 'azure', apiKey: KEY });
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(/baseUrl.*AZURE_OPENAI_ENDPOINT/s);
      expect(build).toThrow(/provider "azure"/);
    });

    it('should be unavailable without a key', () => {
      expect(new AzureOpenAiProvider({ name: 'azure', baseUrl: 'https://x.openai.azure.com' }).unavailableReason).toContain('AZURE_OPENAI_API_KEY');
    });
  });
});

describe('azureModel', () => {
  it('should turn deprecation.inference (Unix seconds) into an ISO date', () => {
    const entry = { id: 'gpt-4o', capabilities: { chat_completion: true }, deprecation: { inference: 1751241600 } };
    expect(azureModel(entry, 0)).toEqual({ id: 'gpt-4o', capabilities: ['chat'], deprecated: '2025-06-30' });
  });

  it('should take embeddings from the flag even where the id says nothing', () => {
    expect(azureModel({ id: 'contoso-vectors', capabilities: { embeddings: true } }, 0).capabilities).toEqual(['embedding']);
  });

  describe('when the clock reaches the retirement second exactly', () => {
    it('should take the model out of chat, keeping what else it does', () => {
      const entry = { id: 'gpt-35-turbo-instruct', capabilities: { chat_completion: true, completion: true }, deprecation: { inference: 1_000 } };
      expect(azureModel(entry, 999_999).capabilities).toEqual(['chat', 'completion']);
      expect(azureModel(entry, 1_000_000).capabilities).toEqual(['completion']);
    });
  });

  describe.each([
    ['embeddings', { id: 'text-embedding-ada-002', capabilities: { embeddings: true, chat_completion: false } }, ['embedding']],
    ['nothing, on an image model', { id: 'dall-e-3', capabilities: {} }, ['image']],
    ['nothing, on a chat-looking id', { id: 'gpt-4o-mini' }, ['other']],
    ['only a retired chat', { id: 'gpt-4', capabilities: { chat_completion: true }, deprecation: { inference: 1 } }, ['other']],
  ])('when Azure flags %s', (_label, entry, capabilities) => {
    it(`should give ${capabilities.join(', ')}`, () => {
      expect(azureModel(entry, 10_000).capabilities).toEqual(capabilities);
    });
  });
});

describe('readAzureModels', () => {
  describe('when an id is listed twice', () => {
    it('should give a deployment the facts of the first listing', () => {
      const entries = [
        { id: 'gpt-4o', capabilities: { chat_completion: true } },
        { id: 'gpt-4o', capabilities: { embeddings: true } },
      ];
      const { models } = readAzureModels(entries, 0, [{ name: 'prod', model: 'gpt-4o' }]);
      expect(models[0]).toStrictEqual({ id: 'prod', displayName: 'prod (gpt-4o)', capabilities: ['chat'] });
    });
  });

  describe('when a deployment runs a model the list does not hold', () => {
    it('should classify it by the model name', () => {
      const { models } = readAzureModels([], 0, [{ name: 'embedder', model: 'text-embedding-3-large' }]);
      expect(models).toStrictEqual([{ id: 'embedder', displayName: 'embedder (text-embedding-3-large)', capabilities: ['embedding'] }]);
    });
  });
});
