import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parseConfig.js';
import { COMPATIBLE_PRESETS } from '../../src/config/schema.js';
import { createContainer } from '../../src/container/createContainer.js';
import { providersFromEnvironment } from '../../src/container/providersFromEnvironment.js';
import { resolveCredentials } from '../../src/container/resolveConfig.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import { keyHint, PRESET_DEFAULTS, providerDefaults, TYPE_DEFAULTS } from '../../src/providers/providerDefaults.js';
import { TYPES } from '../../src/tokens.js';
import { startOpenAiServer, type OpenAiServer } from '../helpers/fakeProviderServer.js';

describe('providerDefaults', () => {
  it('should give every preset a base URL ending where its SDK expects', () => {
    for (const preset of COMPATIBLE_PRESETS) {
      expect(PRESET_DEFAULTS[preset].baseUrl).toMatch(/^https?:\/\/[^/]+(\/.*)?$/);
      expect(providerDefaults('openai-compatible', preset)).toBe(PRESET_DEFAULTS[preset]);
    }
    expect(providerDefaults('openai-compatible')).toBe(TYPE_DEFAULTS['openai-compatible']);
    expect(providerDefaults('anthropic', 'groq')).toBe(TYPE_DEFAULTS.anthropic);
  });

  it('should name no key variable for a generic openai-compatible server or for Ollama', () => {
    // Their host is whatever the config says: a key from the environment, meant for another host, must never reach it.
    expect(TYPE_DEFAULTS['openai-compatible']).toEqual({ baseUrl: undefined, keyEnv: [], keyRequired: false });
    expect(TYPE_DEFAULTS.ollama.keyEnv).toEqual([]);
  });

  it.each([
    ['groq', ['GROQ_API_KEY'], true],
    ['mistral', ['MISTRAL_API_KEY'], true],
    ['deepseek', ['DEEPSEEK_API_KEY'], true],
    ['xai', ['XAI_API_KEY'], true],
    ['together', ['TOGETHER_API_KEY'], true],
    ['huggingface', ['HF_TOKEN'], true],
    ['lmstudio', [], false],
    ['vllm', ['VLLM_API_KEY'], false],
    ['llamacpp', ['LLAMA_API_KEY'], false],
  ] as const)('should have preset %s read %j, a key being required: %s (the variable its server documents; local servers run keyless)', (preset, keyEnv, keyRequired) => {
    expect(PRESET_DEFAULTS[preset]).toMatchObject({ keyEnv, keyRequired });
  });

  it('should read GOOGLE_API_KEY before GEMINI_API_KEY', () => {
    expect(TYPE_DEFAULTS.gemini.keyEnv).toEqual(['GOOGLE_API_KEY', 'GEMINI_API_KEY']);
    expect(keyHint(TYPE_DEFAULTS.gemini.keyEnv)).toBe('GOOGLE_API_KEY or GEMINI_API_KEY or apiKey in the config');
    expect(keyHint([])).toBe('apiKey in the config');
  });
});

describe('providersFromEnvironment', () => {
  describe('when key variables are set', () => {
    it('should create one provider per set variable, in a fixed order', () => {
      expect(
        providersFromEnvironment({
          TOGETHER_API_KEY: 't',
          GEMINI_API_KEY: 'g',
          OPENAI_API_KEY: 'o',
          GROQ_API_KEY: '',
          OLLAMA_HOST: '127.0.0.1:11434',
          MISTRAL_API_KEY: 'm',
        }),
      ).toEqual([
        { name: 'openai', type: 'openai' },
        { name: 'gemini', type: 'gemini' },
        { name: 'mistral', type: 'openai-compatible', preset: 'mistral' },
        { name: 'together', type: 'openai-compatible', preset: 'together' },
        { name: 'ollama', type: 'ollama' },
      ]);
    });

    it('should know every documented variable', () => {
      const all = providersFromEnvironment({
        OPENAI_API_KEY: '1',
        ANTHROPIC_API_KEY: '1',
        GOOGLE_API_KEY: '1',
        OPENROUTER_API_KEY: '1',
        MISTRAL_API_KEY: '1',
        GROQ_API_KEY: '1',
        DEEPSEEK_API_KEY: '1',
        XAI_API_KEY: '1',
        TOGETHER_API_KEY: '1',
        OLLAMA_HOST: 'x',
      });
      expect(all.map((provider) => provider.name)).toEqual([
        'openai',
        'anthropic',
        'gemini',
        'openrouter',
        'mistral',
        'groq',
        'deepseek',
        'xai',
        'together',
        'ollama',
      ]);
    });
  });

  describe('when nothing is set', () => {
    it('should create none', () => {
      expect(providersFromEnvironment({ PATH: '/bin' })).toEqual([]);
    });
  });
});

describe('resolveCredentials', () => {
  const resolve = (providers: Parameters<typeof parseConfig>[0], environment: Record<string, string>) =>
    resolveCredentials(parseConfig(providers), environment).providers.map((provider) => provider.apiKey?.reveal());

  it('should fill the default key variable of each type and preset', () => {
    expect(
      resolve(
        {
          providers: [
            { name: 'openai', type: 'openai' },
            { name: 'gemini', type: 'gemini' },
            { name: 'groq', type: 'openai-compatible', preset: 'groq' },
            { name: 'local', type: 'openai-compatible', baseUrl: 'http://localhost:1/v1' },
            { name: 'fixed', type: 'static', models: ['a'] },
          ],
        },
        { OPENAI_API_KEY: 'sk-o', GEMINI_API_KEY: 'g-2', GOOGLE_API_KEY: 'g-1', GROQ_API_KEY: 'gsk' },
      ),
    ).toEqual(['sk-o', 'g-1', 'gsk', undefined, undefined]);
  });

  it('should fall back to GEMINI_API_KEY when GOOGLE_API_KEY is empty', () => {
    expect(resolve({ providers: [{ name: 'gemini', type: 'gemini' }] }, { GOOGLE_API_KEY: '', GEMINI_API_KEY: 'g-2' })).toEqual(['g-2']);
  });

  it('should prefer apiKey, then apiKeyEnv, over the default variable', () => {
    expect(
      resolve(
        {
          providers: [
            { name: 'a', type: 'openai', apiKey: 'sk-inline' },
            { name: 'b', type: 'openai', apiKeyEnv: 'OTHER_KEY' },
            { name: 'c', type: 'openai', apiKeyEnv: 'MISSING_KEY' },
          ],
        },
        { OPENAI_API_KEY: 'sk-default', OTHER_KEY: 'sk-other' },
      ),
    ).toEqual(['sk-inline', 'sk-other', undefined]);
  });
});

describe('createContainer with the environment', () => {
  let server: OpenAiServer | undefined;

  afterEach(async () => {
    await server?.close();
  });

  describe('when the key comes from OPENAI_API_KEY', () => {
    it('should send it, and keep it out of every message', async () => {
      const key = 'sk-env-0123456789abcdef';
      server = await startOpenAiServer({ models: ['gpt-4o', 'text-embedding-3-small'], apiKey: 'sk-something-else' });
      const container = createContainer({
        env: 'test',
        config: { providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl }], discovery: { retries: 0 } },
        environment: { OPENAI_API_KEY: key },
      });
      const manager = container.get<ProviderManager>(TYPES.ProviderManager);
      const report = await manager.discoverModels();
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
      expect(report.providers[0]).toMatchObject({ status: 'failed', code: 'auth' });
      expect(JSON.stringify(report)).not.toContain(key);
      expect(JSON.stringify(manager.providerStatus())).not.toContain(key);
    });
  });

  describe('when there is no config and the environment is not test', () => {
    it('should create the providers of the environment', () => {
      const container = createContainer({ env: 'development', environment: { ANTHROPIC_API_KEY: 'sk-ant-1234', OLLAMA_HOST: '127.0.0.1:1' } });
      const manager = container.get<ProviderManager>(TYPES.ProviderManager);
      expect(manager.providerNames()).toEqual(['anthropic', 'ollama']);
      expect(manager.providerStatus().map((status) => status.available)).toEqual([true, true]);
    });
  });
});
