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

    describe('when details.families names an image encoder', () => {
      it('should call llava (clip) and llama3.2-vision (mllama) vision models', async () => {
        const server = await track(
          startOllamaServer({
            models: [
              { name: 'llava:7b', details: { family: 'llama', families: ['llama', 'clip'] } },
              { name: 'llama3.2-vision:11b', details: { family: 'mllama', families: ['mllama'] } },
            ],
          }),
        );
        const listing = await new OllamaProvider({ name: 'ollama', baseUrl: server.url }).listModels(signal());
        expect(listing.models.map((model) => model.capabilities)).toEqual([
          ['chat', 'vision'],
          ['chat', 'vision'],
        ]);
      });
    });

    describe('when the server answers POST /api/show', () => {
      const tags = (digestOf: (name: string) => string) =>
        NAMES.map((name) => ({ name, model: name, digest: digestOf(name), details: { family: 'llama', families: ['llama'] } }));
      const NAMES = Array.from({ length: 10 }, (_, index) => `model-${index}:latest`);

      /** Holds /api/show answers until as many as the client may send at once are waiting. */
      async function startShowServer(digestOf: { current: (name: string) => string }, expected = { current: NAMES.length }) {
        const shown: string[] = [];
        const held: (() => void)[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const server = await track(
          startFakeServer(async (req, res, request) => {
            if (request.path === '/api/tags') return sendJson(res, 200, { models: tags(digestOf.current) });
            if (request.path !== '/api/show' || request.method !== 'POST') return sendJson(res, 404, { error: 'not found' });
            const chunks: Buffer[] = [];
            for await (const chunk of req) chunks.push(chunk as Buffer);
            const { model } = JSON.parse(Buffer.concat(chunks).toString()) as { model: string };
            shown.push(model);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            const waiting = new Promise<void>((resolve) => held.push(resolve));
            // Release a batch once the client has as many in flight as it may (or all that are left to ask).
            if (inFlight === Math.min(4, expected.current - shown.length + inFlight)) for (const release of held.splice(0)) release();
            await waiting;
            inFlight--;
            const index = Number(/model-(\d+)/.exec(model)?.[1]);
            sendJson(res, 200, {
              capabilities: index === 0 ? ['completion', 'vision', 'tools', 'thinking'] : index === 1 ? ['embedding'] : ['completion'],
              model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 + index },
            });
          }),
        );
        return { server, shown, maxInFlight: () => maxInFlight };
      }

      it('should read capabilities and context length, at most 4 requests at a time', async () => {
        const { server, shown, maxInFlight } = await startShowServer({ current: (name) => `sha-${name}` });
        const listing = await new OllamaProvider({ name: 'ollama', baseUrl: server.url }).listModels(signal());
        expect(listing.models[0]).toEqual({ id: 'model-0:latest', contextWindow: 131072, capabilities: ['chat', 'vision', 'tools', 'reasoning'] });
        expect(listing.models[1]).toEqual({ id: 'model-1:latest', contextWindow: 131073, capabilities: ['embedding'] });
        expect(listing.models[9]).toEqual({ id: 'model-9:latest', contextWindow: 131081, capabilities: ['chat'] });
        expect([...shown].sort()).toEqual([...NAMES].sort());
        expect(maxInFlight()).toBe(4);
      });

      it('should never ask twice for a model whose digest is unchanged', async () => {
        const digestOf = { current: (name: string) => `sha-${name}` };
        const expected = { current: NAMES.length };
        const { server, shown } = await startShowServer(digestOf, expected);
        const provider = new OllamaProvider({ name: 'ollama', baseUrl: server.url });
        await provider.listModels(signal());
        expect(shown).toHaveLength(10);
        shown.length = 0;
        expected.current = 1;
        digestOf.current = (name) => (name === 'model-3:latest' ? 'sha-updated' : `sha-${name}`);
        const listing = await provider.listModels(signal());
        expect(shown).toEqual(['model-3:latest']);
        expect(listing.models[0]?.capabilities).toEqual(['chat', 'vision', 'tools', 'reasoning']);
        await provider.listModels(signal());
        expect(shown).toEqual(['model-3:latest']);
      });
    });

    describe('when the server has no /api/show (a proxy)', () => {
      it('should keep what the families say, and not ask again', async () => {
        const server = await track(startOllamaServer({ models: [{ name: 'llava:7b', details: { family: 'llama', families: ['llama', 'clip'] } }] }));
        const provider = new OllamaProvider({ name: 'ollama', baseUrl: server.url });
        expect((await provider.listModels(signal())).models).toEqual([{ id: 'llava:7b', capabilities: ['chat', 'vision'] }]);
        await provider.listModels(signal());
        expect(server.requests.filter((request) => request.path === '/api/show')).toHaveLength(1);
      });
    });

    describe('when /api/show fails, or a model leaves and comes back', () => {
      /** One model, `qwen3:8b` (its name padded with spaces), whose /api/show answers `showStatus`. */
      async function startQwenServer(state: { showStatus: number; pulled: boolean }) {
        const shown: string[] = [];
        const server = await track(
          startFakeServer(async (req, res, request) => {
            if (request.path === '/api/tags') {
              return sendJson(res, 200, { models: state.pulled ? [{ name: ' qwen3:8b ', digest: 'sha-qwen', details: { family: 'qwen3' } }] : [] });
            }
            const chunks: Buffer[] = [];
            for await (const chunk of req) chunks.push(chunk as Buffer);
            shown.push((JSON.parse(Buffer.concat(chunks).toString()) as { model: string }).model);
            if (state.showStatus !== 200) return sendJson(res, state.showStatus, { error: 'busy' });
            sendJson(res, 200, { capabilities: ['completion', 'tools', 'thinking'], model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': 40960 } });
          }),
        );
        return { server, shown };
      }

      it('should ask again on the next listing after a server error, and match the trimmed id', async () => {
        const state = { showStatus: 500, pulled: true };
        const { server, shown } = await startQwenServer(state);
        const provider = new OllamaProvider({ name: 'ollama', baseUrl: server.url });
        expect((await provider.listModels(signal())).models).toEqual([{ id: 'qwen3:8b', capabilities: ['chat'] }]);
        state.showStatus = 200;
        expect((await provider.listModels(signal())).models).toEqual([{ id: 'qwen3:8b', contextWindow: 40960, capabilities: ['chat', 'tools', 'reasoning'] }]);
        expect(shown).toEqual(['qwen3:8b', 'qwen3:8b']);
      });

      it('should ask once for two tags of one model (one digest), and give both its facts', async () => {
        const shows: string[] = [];
        const server = await track(
          startFakeServer((_req, res, request) => {
            if (request.path === '/api/tags') {
              return sendJson(res, 200, { models: ['llama3.1:latest', 'llama3.1:8b'].map((name) => ({ name, digest: 'sha-46e0c10c039e', details: { family: 'llama' } })) });
            }
            shows.push(request.path);
            sendJson(res, 200, { capabilities: ['completion', 'tools'] });
          }),
        );
        const listing = await new OllamaProvider({ name: 'ollama', baseUrl: server.url }).listModels(signal());
        expect(listing.models).toEqual([
          { id: 'llama3.1:latest', capabilities: ['chat', 'tools'] },
          { id: 'llama3.1:8b', capabilities: ['chat', 'tools'] },
        ]);
        expect(shows).toEqual(['/api/show']);
      });

      it('should forget the facts of a model that left, and ask again when it returns', async () => {
        const state = { showStatus: 200, pulled: true };
        const { server, shown } = await startQwenServer(state);
        const provider = new OllamaProvider({ name: 'ollama', baseUrl: server.url });
        await provider.listModels(signal());
        state.pulled = false;
        expect((await provider.listModels(signal())).models).toEqual([]);
        state.pulled = true;
        expect((await provider.listModels(signal())).models[0]?.contextWindow).toBe(40960);
        expect(shown).toEqual(['qwen3:8b', 'qwen3:8b']);
      });
    });

    describe('when the answer is not Ollama\'s', () => {
      it('should fail with bad_response, and skip entries without a name', async () => {
        const bad = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [] })));
        await expect(new OllamaProvider({ name: 'ollama', baseUrl: bad.url }).listModels(signal())).rejects.toMatchObject({
          code: 'bad_response',
          message: 'ollama: the answer held no "models" list; check that baseUrl is an Ollama server',
        });
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
    ['http://gpu-box:9000//', 'http://gpu-box:9000'],
    ['gpu-box:9000/ollama?via=http://proxy', 'http://gpu-box:9000/ollama?via=http://proxy'],
  ])('should read %p as %p', (value, expected) => {
    expect(ollamaBaseUrl(value)).toBe(expected);
  });

  it.each([undefined, '', '   ', 'ftp://host', 'http://[bad'])('should give undefined for %p', (value) => {
    expect(ollamaBaseUrl(value)).toBeUndefined();
  });
});
