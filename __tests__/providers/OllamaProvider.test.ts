import { describe, expect, it } from '@jest/globals';
import { ollamaBaseUrl } from '../../src/providers/ollamaHost.js';
import { OllamaProvider } from '../../src/providers/OllamaProvider.js';
import { sendJson, startFakeServer } from '../helpers/fakeProviderServer.js';
import { quietSignal, trackServers } from '../helpers/trackServers.js';
import { startOllamaServer } from '../helpers/fakeProviders.js';

const track = trackServers();
const signal = quietSignal;

describe('OllamaProvider', () => {
  describe('.listModels', () => {
    describe('when chat and embedding models are pulled', () => {
      it('should recognise embedding models by name and by family', async () => {
        const server = await track(
          startOllamaServer({
            models: [
              { name: 'llama3.2:latest', details: { family: 'llama' } },
              { name: 'nomic-embed-text:latest', details: { family: 'nomic-bert', families: ['nomic-bert'] } },
              { name: 'mxbai-embed-large:latest', details: { family: 'bert' } },
              { name: 'bge-m3:latest', details: { family: 'xlm-roberta' } },
              { name: 'all-minilm:33m', details: { family: 'bert' } },
              { name: 'my-retriever:latest', details: { family: 'jina-bert' } },
              { name: 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', details: { family: 'llama', families: null } },
            ],
          }),
        );
        const provider = new OllamaProvider({ name: 'ollama', baseUrl: server.url });
        expect(provider.unavailableReason).toBeUndefined();
        const listing = await provider.listModels(signal());
        expect(Object.fromEntries(listing.models.map((model) => [model.id, model.capabilities]))).toEqual({
          'llama3.2:latest': ['chat'],
          'nomic-embed-text:latest': ['embedding'],
          'mxbai-embed-large:latest': ['embedding'],
          'bge-m3:latest': ['embedding'],
          'all-minilm:33m': ['embedding'],
          'my-retriever:latest': ['embedding'],
          'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M': ['chat'],
        });
        expect(server.requests[0]?.path).toBe('/api/tags');
        expect(server.requests[0]?.headers.authorization).toBeUndefined();
      });
    });

    describe('when a key is configured for a proxy in front', () => {
      it('should send it as a Bearer token', async () => {
        const server = await track(startOllamaServer({ models: [] }));
        await new OllamaProvider({ name: 'ollama', baseUrl: server.url, apiKey: 'proxy-token' }).listModels(signal());
        expect(server.requests[0]?.headers.authorization).toBe('Bearer proxy-token');
      });
    });

    describe('when the answer is not Ollama\'s', () => {
      it('should fail with bad_response, and skip entries without a name', async () => {
        const bad = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [] })));
        await expect(new OllamaProvider({ name: 'ollama', baseUrl: bad.url }).listModels(signal())).rejects.toMatchObject({ code: 'bad_response' });
        const odd = await track(startFakeServer((_req, res) => sendJson(res, 200, { models: [{ size: 1 }, { model: 'qwen3:8b', details: 'x' }] })));
        const listing = await new OllamaProvider({ name: 'ollama', baseUrl: odd.url }).listModels(signal());
        expect(listing).toEqual({ models: [{ id: 'qwen3:8b', capabilities: ['chat'] }], invalid: 1 });
      });
    });

    describe('when the base URL is not an Ollama server', () => {
      it('should fail with not_found, naming the URL', async () => {
        const server = await track(startFakeServer((_req, res) => sendJson(res, 404, {})));
        await expect(new OllamaProvider({ name: 'ollama', baseUrl: `${server.url}/` }).listModels(signal())).rejects.toThrow(
          `ollama: no model list at ${server.url}/…/tags (404); check baseUrl`,
        );
      });
    });
  });
});

describe('ollamaBaseUrl', () => {
  it.each([
    ['127.0.0.1:11434', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11434', 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['ollama.internal', 'http://ollama.internal:11434'],
    ['[::]:8080', 'http://[::1]:8080'],
    ['https://ollama.example.com', 'https://ollama.example.com'],
    ['http://gpu-box:9000/', 'http://gpu-box:9000'],
    ['  localhost:11434  ', 'http://localhost:11434'],
  ])('should read %p as %p', (value, expected) => {
    expect(ollamaBaseUrl(value)).toBe(expected);
  });

  it.each([undefined, '', '   ', 'ftp://host', 'http://[bad'])('should give undefined for %p', (value) => {
    expect(ollamaBaseUrl(value)).toBeUndefined();
  });
});
