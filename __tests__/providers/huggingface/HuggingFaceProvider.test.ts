import { describe, expect, it } from '@jest/globals';
import { createProvider } from '../../../src/providers/createProvider.js';
import { HuggingFaceProvider } from '../../../src/providers/huggingface/HuggingFaceProvider.js';
import { huggingFaceModel, readHuggingFaceModels } from '../../../src/providers/huggingface/readHuggingFaceModels.js';
import { parseConfig } from '../../../src/config/parseConfig.js';
import { sendJson, startFakeServer } from '../../helpers/fakeProviderServer.js';
import { chatIds, readFixture } from '../../helpers/readFixture.js';
import { quietSignal, trackServers } from '../../helpers/trackServers.js';

const track = trackServers();
const TOKEN = 'hf_testtoken0123456789';
const RECORDED = readFixture('huggingface/router-models.json') as { data: unknown[] };

/** Answers like the router: `GET /v1/models` with Bearer auth. */
function startRouter(body: unknown = RECORDED) {
  return track(
    startFakeServer((_req, res, request) => {
      if (request.path !== '/v1/models') return sendJson(res, 404, { error: 'Not Found' });
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(res, 401, { error: 'Invalid credentials in Authorization header' });
      return sendJson(res, 200, body);
    }),
  );
}

describe('HuggingFaceProvider', () => {
  describe('.listModels', () => {
    describe('when served the router list from the Hugging Face docs', () => {
      it('should list the model as chat with tools and lose no id', async () => {
        const server = await startRouter();
        const provider = new HuggingFaceProvider({ name: 'huggingface', baseUrl: `${server.url}/v1`, apiKey: TOKEN });
        const { models, invalid } = await provider.listModels(quietSignal());
        expect(invalid).toBe(0);
        expect(chatIds(models)).toEqual(['deepseek-ai/DeepSeek-V4-Pro']);
        expect(models[0]).toMatchObject({ id: 'deepseek-ai/DeepSeek-V4-Pro', capabilities: ['chat', 'tools'], contextWindow: 1048576 });
      });
    });

    describe('when the token is rejected', () => {
      it('should fail with auth naming HF_TOKEN, never the token', async () => {
        const server = await startRouter();
        const provider = new HuggingFaceProvider({ name: 'huggingface', baseUrl: `${server.url}/v1`, apiKey: 'hf_wrong_token_abcdef', retries: 0 });
        const failure = (await provider.listModels(quietSignal()).catch((error: unknown) => error)) as Error & { code: string };
        expect(failure.code).toBe('auth');
        expect(failure.message).toContain('HF_TOKEN');
        expect(failure.message).not.toContain('hf_wrong_token_abcdef');
      });
    });

    describe('when the answer holds no list', () => {
      it('should fail with bad_response, saying to check baseUrl', async () => {
        const server = await startRouter({ object: 'list', items: [] });
        const provider = new HuggingFaceProvider({ name: 'huggingface', baseUrl: `${server.url}/v1`, apiKey: TOKEN, retries: 0 });
        await expect(provider.listModels(quietSignal())).rejects.toMatchObject({
          code: 'bad_response',
          message: 'huggingface: the answer held no "data" list; check baseUrl',
        });
      });
    });
  });

  describe('through the config', () => {
    it('should be what the huggingface preset of openai-compatible builds, on the router by default', () => {
      const config = parseConfig({ providers: [{ name: 'hf', type: 'openai-compatible', preset: 'huggingface', apiKey: TOKEN }] });
      const provider = createProvider(config.providers[0]!, 0, { environment: {}, discovery: config.discovery });
      expect(provider).toBeInstanceOf(HuggingFaceProvider);
      expect((provider as HuggingFaceProvider).preset).toBe('huggingface');
      expect(provider.unavailableReason).toBeUndefined();
    });
  });
});

describe('huggingFaceModel', () => {
  it('should take the largest live context, the cheapest live price and the modalities', () => {
    const model = huggingFaceModel(
      {
        id: 'Qwen/Qwen2.5-VL-7B-Instruct',
        architecture: { input_modalities: ['text', 'image'], output_modalities: ['text'] },
        providers: [
          { provider: 'a', status: 'live', context_length: 32768, pricing: { input: 0.2, output: 0.6 } },
          { provider: 'b', status: 'error', context_length: 131072, pricing: { input: 0.01, output: 0.01 }, supports_tools: true },
          { provider: 'c', status: 'live', context_length: 65536, pricing: { input: 0.5, output: 0.5 } },
        ],
      },
    );
    expect(model).toEqual({
      id: 'Qwen/Qwen2.5-VL-7B-Instruct',
      capabilities: ['chat', 'vision'],
      contextWindow: 65536,
      pricing: { input: 0.2, output: 0.6 },
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
    });
  });

  it('should read the recorded entry: novita is the cheapest live route', () => {
    const { models } = readHuggingFaceModels(RECORDED.data);
    expect(models.map((model) => model.id)).toEqual(['deepseek-ai/DeepSeek-V4-Pro']);
    const entry = RECORDED.data[0] as Parameters<typeof huggingFaceModel>[0];
    expect(huggingFaceModel(entry).pricing).toEqual({ input: 1.69, output: 3.38 });
  });

  describe.each([
    ['no architecture', {}, ['chat'], {}],
    ['text in, image out', { input_modalities: ['text'], output_modalities: ['image'] }, ['image'], { inputModalities: ['text'], outputModalities: ['image'] }],
    ['image in, image out', { input_modalities: ['image', 'text'], output_modalities: ['image'] }, ['image'], { inputModalities: ['text', 'image'], outputModalities: ['image'] }],
    ['image in, text and image out', { input_modalities: ['image'], output_modalities: ['text', 'image'] }, ['chat', 'image', 'vision'], { inputModalities: ['image'], outputModalities: ['text', 'image'] }],
    ['unknown words', { input_modalities: ['smell'], output_modalities: ['taste'] }, ['chat'], {}],
  ])('when the architecture says %s', (_label, architecture, capabilities, modalities) => {
    it('should derive the capabilities from the output and the input', () => {
      expect(huggingFaceModel({ id: 'm', architecture })).toStrictEqual({ id: 'm', capabilities, ...modalities });
    });
  });

  describe('when routes are partial, failing or malformed', () => {
    it('should skip a route without both prices or with an error status, and ignore unreadable routes', () => {
      const model = huggingFaceModel({
        id: 'm',
        providers: [
          42,
          { provider: 'a', status: 'live', pricing: { input: 0.01 }, context_length: 1000 },
          { provider: 'b', status: 'error', pricing: { input: 0.01, output: 0.01 }, supports_tools: true },
          { provider: 'c', pricing: { input: 0.3, output: 0.3 } },
          { provider: 'd', status: 'staging', pricing: { input: 0.1, output: 0.4 }, supports_tools: true },
        ],
      });
      expect(model).toStrictEqual({ id: 'm', capabilities: ['chat', 'tools'], contextWindow: 1000, pricing: { input: 0.1, output: 0.4 } });
    });

    it('should keep the first of two routes that cost the same', () => {
      const model = huggingFaceModel({ id: 'm', providers: [{ pricing: { input: 1, output: 1 } }, { pricing: { input: 0.5, output: 1.5 } }] });
      expect(model.pricing).toStrictEqual({ input: 1, output: 1 });
    });
  });
});
