import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { Secret } from '../../src/config/Secret.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { AnthropicProvider } from '../../src/providers/AnthropicProvider.js';
import { createProvider, type ProviderContext } from '../../src/providers/createProvider.js';
import { GeminiProvider } from '../../src/providers/GeminiProvider.js';
import type { ModelListing, ModelProvider } from '../../src/providers/ModelProvider.js';
import { OllamaProvider } from '../../src/providers/OllamaProvider.js';
import { OpenAiCompatibleProvider } from '../../src/providers/OpenAiCompatibleProvider.js';
import { OpenAiProvider } from '../../src/providers/OpenAiProvider.js';
import { OpenRouterProvider } from '../../src/providers/OpenRouterProvider.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';
import { sendJson, startFakeServer, startOpenAiServer, type FakeServer } from '../helpers/fakeProviderServer.js';
import { startOllamaServer } from '../helpers/fakeProviders.js';
import { startFakeProxy, type FakeProxy } from '../helpers/fakeProxy.js';

const closers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((server) => server.close()));
});

async function track<T extends FakeServer | FakeProxy>(server: Promise<T>): Promise<T> {
  const started = await server;
  closers.push(started);
  return started;
}

function build(input: ScopedModelsConfigInput, environment: Record<string, string> = {}): ModelProvider[] {
  const config = parseConfig(input);
  const context: ProviderContext = { environment, discovery: config.discovery };
  return config.providers.map((provider, index) => createProvider(provider, index, context));
}

const signal = (): AbortSignal => new AbortController().signal;

describe('createProvider', () => {
  describe('when each type is configured', () => {
    it('should build its adapter', () => {
      const providers = build({
        providers: [
          { name: 'fixed', type: 'static', models: ['a', { id: 'b', displayName: 'B' }] },
          { name: 'openai', type: 'openai', apiKey: 'sk-1' },
          { name: 'groq', type: 'openai-compatible', preset: 'groq' },
          { name: 'local', type: 'openai-compatible', baseUrl: 'http://localhost:9999/v1' },
          { name: 'anthropic', type: 'anthropic' },
          { name: 'gemini', type: 'gemini' },
          { name: 'ollama', type: 'ollama' },
          { name: 'openrouter', type: 'openrouter' },
        ],
      });
      expect(providers.map((provider) => provider.constructor)).toEqual([
        StaticProvider,
        OpenAiProvider,
        OpenAiCompatibleProvider,
        OpenAiCompatibleProvider,
        AnthropicProvider,
        GeminiProvider,
        OllamaProvider,
        OpenRouterProvider,
      ]);
      expect(providers[0]?.initialModels).toEqual([{ id: 'a' }, { id: 'b', displayName: 'B' }]);
      expect(providers.map((provider) => provider.unavailableReason)).toEqual([
        undefined,
        undefined,
        'no API key: set GROQ_API_KEY or apiKey in the config',
        undefined,
        'no API key: set ANTHROPIC_API_KEY or apiKey in the config',
        'no API key: set GOOGLE_API_KEY or GEMINI_API_KEY or apiKey in the config',
        undefined,
        undefined,
      ]);
      expect((providers[2] as OpenAiCompatibleProvider).preset).toBe('groq');
    });
  });

  describe('when a static entry comes without a models list (a caller that skipped parseConfig)', () => {
    it('should build a provider with no models', () => {
      const [entry] = parseConfig({ providers: [{ name: 'fixed', type: 'static', models: ['a'] }] }).providers;
      const provider = createProvider({ ...entry!, models: undefined }, 0, { environment: {}, discovery: parseConfig({}).discovery });
      expect(provider.initialModels).toEqual([]);
    });
  });

  describe('when apiKeyEnv names the variable', () => {
    it('should name it in the unavailable reason', () => {
      const [provider] = build({ providers: [{ name: 'openai', type: 'openai', apiKeyEnv: 'WORK_OPENAI_KEY' }] });
      expect(provider?.unavailableReason).toBe('no API key: set WORK_OPENAI_KEY or apiKey in the config');
    });
  });

  describe('when an openai-compatible entry has neither preset nor baseUrl', () => {
    it('should throw a ConfigError naming the entry', () => {
      const attempt = () => build({ providers: [{ name: 'a', type: 'static', models: ['x'] }, { name: 'local', type: 'openai-compatible' }] });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow("providers[1].baseUrl: an openai-compatible provider needs its server's address");
    });
  });

  describe('when a header value cannot be sent', () => {
    it('should throw a ConfigError that hides the value', () => {
      const attempt = () => build({ providers: [{ name: 'openai', type: 'openai', headers: { 'OpenAI-Project': 'proj\nsecret-value' } }] });
      expect(attempt).toThrow('providers[0].headers.OpenAI-Project');
      expect(attempt).not.toThrow(/secret-value/);
    });
  });

  describe('when OLLAMA_HOST is set and the entry has no baseUrl', () => {
    it('should list the models of that host', async () => {
      const server = await track(startOllamaServer({ models: [{ name: 'llama3.2:latest' }] }));
      const [provider] = build({ providers: [{ name: 'ollama', type: 'ollama' }] }, { OLLAMA_HOST: new URL(server.url).host });
      const listing = (await provider?.listModels(signal())) as ModelListing;
      expect(listing.models.map((model) => model.id)).toEqual(['llama3.2:latest']);
    });

    it('should prefer the configured baseUrl', async () => {
      const server = await track(startOllamaServer({ models: [{ name: 'qwen3:8b' }] }));
      const [provider] = build({ providers: [{ name: 'ollama', type: 'ollama', baseUrl: server.url }] }, { OLLAMA_HOST: '127.0.0.1:1' });
      const listing = (await provider?.listModels(signal())) as ModelListing;
      expect(listing.models.map((model) => model.id)).toEqual(['qwen3:8b']);
    });

    it('should throw a ConfigError naming the entry when OLLAMA_HOST is unusable', () => {
      expect(() => build({ providers: [{ name: 'ollama', type: 'ollama' }] }, { OLLAMA_HOST: 'ftp://x' })).toThrow(
        'providers[0].baseUrl: OLLAMA_HOST is not a usable address; expected host:port or an http:// URL',
      );
    });

    it('should take a blank OLLAMA_HOST as unset', () => {
      const [provider] = build({ providers: [{ name: 'ollama', type: 'ollama' }] }, { OLLAMA_HOST: '   ' });
      expect((provider as OllamaProvider).baseUrl).toBe('http://localhost:11434');
    });
  });

  describe('when discovery sets retries and timeouts', () => {
    it('should apply retries: 0 (one request on a 500)', async () => {
      const server = await track(startFakeServer((_req, res) => sendJson(res, 500, {})));
      const [provider] = build({
        providers: [{ name: 'local', type: 'openai-compatible', baseUrl: server.url }],
        discovery: { retries: 0 },
      });
      await expect(provider?.listModels(signal())).rejects.toMatchObject({ code: 'http_error', status: 500 });
      expect(server.requests).toHaveLength(1);
    });

    it('should apply requestTimeoutMs', async () => {
      const server = await track(startFakeServer(() => undefined));
      const [provider] = build({
        providers: [{ name: 'local', type: 'openai-compatible', baseUrl: server.url }],
        discovery: { retries: 0, requestTimeoutMs: 100 },
      });
      await expect(provider?.listModels(signal())).rejects.toThrow('local: no answer within 100 ms');
    });

    it('should apply maxBodyBytes', async () => {
      const server = await track(startOpenAiServer({ models: Array.from({ length: 50 }, (_, i) => `model-${i}`) }));
      const [provider] = build({
        providers: [{ name: 'local', type: 'openai-compatible', baseUrl: server.baseUrl }],
        discovery: { maxBodyBytes: 512 },
      });
      await expect(provider?.listModels(signal())).rejects.toMatchObject({ code: 'bad_response' });
    });
  });

  describe('when HTTP_PROXY is in the environment', () => {
    it('should send requests through the proxy', async () => {
      const proxy = await track(startFakeProxy());
      const server = await track(startOpenAiServer({ models: ['m'] }));
      const [provider] = build({ providers: [{ name: 'local', type: 'openai-compatible', baseUrl: server.baseUrl }] }, { HTTP_PROXY: proxy.url });
      await provider?.listModels(signal());
      expect(proxy.connects).toEqual([new URL(server.url).host]);
    });
  });

  describe('when the config carries the key as a Secret', () => {
    it('should send the revealed key', async () => {
      const server = await track(startOpenAiServer({ models: ['gpt-4o'], apiKey: 'sk-from-config' }));
      const config = parseConfig({ providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl, apiKey: 'sk-from-config' }] });
      expect(config.providers[0]?.apiKey).toBeInstanceOf(Secret);
      const provider = createProvider(config.providers[0]!, 0, { environment: {}, discovery: config.discovery });
      await expect(provider.listModels(signal())).resolves.toMatchObject({ models: [{ id: 'gpt-4o' }] });
    });
  });
});
