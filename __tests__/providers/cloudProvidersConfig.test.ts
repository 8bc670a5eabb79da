import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { createContainer } from '../../src/container/createContainer.js';
import { providersFromEnvironment } from '../../src/container/providersFromEnvironment.js';
import { resolveCredentials } from '../../src/container/resolveConfig.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import { AzureOpenAiProvider } from '../../src/providers/azure/AzureOpenAiProvider.js';
import { BedrockProvider } from '../../src/providers/bedrock/BedrockProvider.js';
import { CohereProvider } from '../../src/providers/cohere/CohereProvider.js';
import { createProvider } from '../../src/providers/createProvider.js';
import { OpenAiProvider } from '../../src/providers/OpenAiProvider.js';
import type { ModelListing, ModelProvider } from '../../src/providers/ModelProvider.js';
import { TYPES } from '../../src/tokens.js';
import { sendJson, startFakeServer } from '../helpers/fakeProviderServer.js';
import { trackServers } from '../helpers/trackServers.js';

const track = trackServers();

function build(input: ScopedModelsConfigInput, environment: Record<string, string> = {}): ModelProvider[] {
  const config = resolveCredentials(parseConfig(input), environment);
  return config.providers.map((provider, index) => createProvider(provider, index, { environment, discovery: config.discovery }));
}

function issuesOf(input: ScopedModelsConfigInput): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('the cloud provider types in the config', () => {
  describe('parseConfig', () => {
    it('should accept each type with its own fields', () => {
      const config = parseConfig({
        providers: [
          { name: 'azure', type: 'azure-openai', baseUrl: 'https://my-resource.openai.azure.com', deployments: [{ name: 'prod-4o', model: 'gpt-4o' }] },
          { name: 'cohere', type: 'cohere' },
          { name: 'bedrock', type: 'bedrock', region: 'eu-central-1' },
          { name: 'hf', type: 'openai-compatible', preset: 'huggingface' },
        ],
      });
      expect(config.providers.map((provider) => provider.type)).toEqual(['azure-openai', 'cohere', 'bedrock', 'openai-compatible']);
    });

    it('should refuse fields that belong to another type, and keys on bedrock', () => {
      expect(
        issuesOf({
          providers: [
            { name: 'a', type: 'openai', deployments: [{ name: 'x', model: 'gpt-4o' }] },
            { name: 'b', type: 'cohere', region: 'us-east-1' },
            { name: 'c', type: 'bedrock', apiKey: 'AKIA-not-here' },
          ],
        }),
      ).toEqual(
        expect.arrayContaining([
          'providers[0].deployments: deployments applies only to type "azure-openai"',
          'providers[1].region: region applies only to type "bedrock"',
          expect.stringMatching(/^providers\[2\]\.apiKey: bedrock takes credentials from the AWS SDK default chain/),
        ]),
      );
    });

    it('should name a malformed region and a deployment without its model', () => {
      const issues = issuesOf({
        providers: [
          { name: 'b', type: 'bedrock', region: 'US East' },
          { name: 'a', type: 'azure-openai', deployments: [{ name: 'prod' } as never] },
        ],
      });
      expect(issues.some((issue) => issue.startsWith('providers[0].region:'))).toBe(true);
      expect(issues.some((issue) => issue.startsWith('providers[1].deployments[0].model:'))).toBe(true);
    });
  });

  describe('createProvider', () => {
    it('should take the Azure endpoint from AZURE_OPENAI_ENDPOINT and the key from AZURE_OPENAI_API_KEY', () => {
      const [azure] = build({ providers: [{ name: 'azure', type: 'azure-openai' }] }, { AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com', AZURE_OPENAI_API_KEY: 'k' });
      expect(azure).toBeInstanceOf(AzureOpenAiProvider);
      expect(azure?.unavailableReason).toBeUndefined();
    });

    it('should leave AZURE_OPENAI_ENDPOINT to Azure entries', () => {
      const [openai] = build({ providers: [{ name: 'openai', type: 'openai', apiKey: 'k' }] }, { AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' });
      expect((openai as OpenAiProvider).baseUrl).toBe('https://api.openai.com/v1');
    });

    it('should hand the configured deployments to the Azure adapter', async () => {
      const server = await track(startFakeServer((_req, res) => sendJson(res, 200, { object: 'list', data: [{ id: 'gpt-4o', object: 'model', capabilities: { chat_completion: true } }] })));
      const [azure] = build({ providers: [{ name: 'azure', type: 'azure-openai', baseUrl: server.url, apiKey: 'k', deployments: [{ name: 'prod-4o', model: 'gpt-4o' }] }] });
      const { models } = (await azure!.listModels(new AbortController().signal)) as ModelListing;
      expect(models.map((model) => model.id)).toContain('prod-4o');
    });

    it('should name providers[i].baseUrl when an Azure entry has no endpoint anywhere', () => {
      const attempt = (): unknown => build({ providers: [{ name: 'azure', type: 'azure-openai', apiKey: 'k' }] });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/providers\[0\]\.baseUrl: azure-openai needs your resource endpoint/);
    });

    it('should read the Cohere key from CO_API_KEY when COHERE_API_KEY is not set', () => {
      const [cohere] = build({ providers: [{ name: 'cohere', type: 'cohere' }] }, { CO_API_KEY: 'co-key' });
      expect(cohere).toBeInstanceOf(CohereProvider);
      expect(cohere?.unavailableReason).toBeUndefined();
      expect(build({ providers: [{ name: 'cohere', type: 'cohere' }] })[0]?.unavailableReason).toContain('COHERE_API_KEY or CO_API_KEY');
    });

    it('should take the Bedrock region from the config, else AWS_REGION, and be unavailable with neither', () => {
      const input: ScopedModelsConfigInput = { providers: [{ name: 'bedrock', type: 'bedrock' }] };
      expect(build(input, { AWS_REGION: 'us-east-1' })[0]).toBeInstanceOf(BedrockProvider);
      expect(build(input, { AWS_REGION: 'us-east-1' })[0]?.unavailableReason).toBeUndefined();
      expect(build(input)[0]?.unavailableReason).toContain('AWS_REGION');
      expect(build({ providers: [{ name: 'bedrock', type: 'bedrock', region: 'eu-west-1' }] })[0]?.unavailableReason).toBeUndefined();
    });
  });

  describe('providersFromEnvironment', () => {
    it('should enable Azure only when both its key and its endpoint are set', () => {
      expect(providersFromEnvironment({ AZURE_OPENAI_API_KEY: 'k' })).toEqual([]);
      expect(providersFromEnvironment({ AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' })).toEqual([]);
      expect(providersFromEnvironment({ AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' })).toEqual([{ name: 'azure', type: 'azure-openai' }]);
    });

    it('should enable Cohere from either key variable and Hugging Face from HF_TOKEN', () => {
      expect(providersFromEnvironment({ CO_API_KEY: 'c', HF_TOKEN: 'h' })).toEqual([
        { name: 'cohere', type: 'cohere' },
        { name: 'huggingface', type: 'openai-compatible', preset: 'huggingface' },
      ]);
    });
  });

  describe('a config-less start with Azure variables', () => {
    it('should list the resource’s chat models as azure/…', async () => {
      const key = 'azure-e2e-key-0123456789';
      const server = await track(
        startFakeServer((_req, res, request) =>
          request.path === '/openai/v1/models' && request.headers['api-key'] === key
            ? sendJson(res, 200, {
                object: 'list',
                data: [
                  { id: 'gpt-4o', object: 'model', capabilities: { chat_completion: true, completion: false, embeddings: false } },
                  { id: 'text-embedding-3-small', object: 'model', capabilities: { chat_completion: false, completion: false, embeddings: true } },
                ],
              })
            : sendJson(res, 401, { error: { code: '401', message: 'Access denied' } }),
        ),
      );
      const container = createContainer({ env: 'development', environment: { AZURE_OPENAI_API_KEY: key, AZURE_OPENAI_ENDPOINT: server.url } });
      const manager = container.get<ProviderManager>(TYPES.ProviderManager);
      const report = await manager.discoverModels();
      expect(report.providers.map((provider) => [provider.name, provider.status])).toEqual([['azure', 'ok']]);
      expect(manager.validScopedModels({ capability: 'chat' })).toEqual(['azure/gpt-4o']);
      expect(manager.validScopedModels()).toEqual(['azure/gpt-4o', 'azure/text-embedding-3-small']);
      expect(JSON.stringify(report)).not.toContain(key);
    });
  });
});
