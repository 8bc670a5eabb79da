import { getEventListeners } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { BedrockSdkMissingError } from '../../../src/errors/BedrockSdkMissingError.js';
import { ProviderError } from '../../../src/errors/ProviderError.js';
import { BedrockProvider } from '../../../src/providers/bedrock/BedrockProvider.js';
import { foundationModel, readBedrockModels } from '../../../src/providers/bedrock/readBedrockModels.js';
import { parseConfig } from '../../../src/config/parseConfig.js';
import { createProvider } from '../../../src/providers/createProvider.js';
import { chatIds, readFixture } from '../../helpers/readFixture.js';
import { quietSignal, trackServers } from '../../helpers/trackServers.js';
import { Deferred } from '../../helpers/Deferred.js';
import { sendJson, startFakeServer } from '../../helpers/fakeProviderServer.js';
import { ManualClock } from '../../helpers/ManualClock.js';
import { signedWithTestKey, startBedrockServer, TEST_CREDENTIALS } from './bedrockServer.js';

const track = trackServers();
const FOUNDATIONS = readFixture('bedrock/foundation-models-2024-09.json') as { modelSummaries: { modelId: string }[] };
const PROFILES = (readFixture('bedrock/inference-profiles-2025-06.json') as { inferenceProfileSummaries: { inferenceProfileId: string }[] }).inferenceProfileSummaries;

function provider(endpoint: string, extra: Partial<ConstructorParameters<typeof BedrockProvider>[0]> = {}): BedrockProvider {
  return new BedrockProvider({ name: 'bedrock', region: 'us-west-2', endpoint, credentials: TEST_CREDENTIALS, retries: 0, ...extra });
}

describe('BedrockProvider', () => {
  describe('.listModels', () => {
    describe('when served recorded ListFoundationModels (us-west-2, 2024-09) and ListInferenceProfiles (2025-06) answers', () => {
      it('should sign with SigV4 and list exactly the on-demand text models and the profiles as chat', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: PROFILES }));
        const { models, invalid } = await provider(server.url).listModels(quietSignal());
        expect(invalid).toBe(0);
        expect(server.requests.map((request) => request.path).sort()).toEqual(['/foundation-models', '/inference-profiles']);
        expect(server.requests.every(signedWithTestKey)).toBe(true);
        expect(server.requests.find((request) => request.path === '/inference-profiles')?.query.get('maxResults')).toBe('1000');
        expect(chatIds(models)).toEqual(
          [
            'ai21.j2-grande-instruct', 'ai21.j2-jumbo-instruct', 'amazon.titan-text-express-v1', 'amazon.titan-text-lite-v1', 'amazon.titan-tg1-large',
            'anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-3-opus-20240229-v1:0',
            'anthropic.claude-3-sonnet-20240229-v1:0', 'anthropic.claude-instant-v1', 'anthropic.claude-v2', 'anthropic.claude-v2:1',
            'cohere.command-light-text-v14', 'cohere.command-r-plus-v1:0', 'cohere.command-r-v1:0', 'cohere.command-text-v14',
            'meta.llama2-13b-chat-v1', 'meta.llama2-70b-chat-v1', 'meta.llama3-1-405b-instruct-v1:0', 'meta.llama3-1-70b-instruct-v1:0',
            'meta.llama3-1-8b-instruct-v1:0', 'meta.llama3-70b-instruct-v1:0', 'meta.llama3-8b-instruct-v1:0', 'mistral.mistral-7b-instruct-v0:2',
            'mistral.mistral-large-2402-v1:0', 'mistral.mistral-large-2407-v1:0', 'mistral.mixtral-8x7b-instruct-v0:1',
            ...PROFILES.map((profile) => profile.inferenceProfileId),
          ].sort(),
        );
      });

      it('should lose no id and keep embeddings, images, provisioned-only and profile-only models out of chat', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: PROFILES }));
        const { models } = await provider(server.url).listModels(quietSignal());
        const ids = [...FOUNDATIONS.modelSummaries.map((model) => model.modelId), ...PROFILES.map((profile) => profile.inferenceProfileId)];
        expect(models.map((model) => model.id).sort()).toEqual(ids.sort());
        const byId = new Map(models.map((model) => [model.id, model]));
        expect(byId.get('amazon.titan-embed-text-v2:0')?.capabilities).toEqual(['embedding']);
        expect(byId.get('stability.sd3-large-v1:0')?.capabilities).toEqual(['image']);
        expect(byId.get('anthropic.claude-v2:1:200k')?.capabilities).toEqual(['other']);
        expect(byId.get('meta.llama3-2-90b-instruct-v1:0')?.capabilities).toEqual(['other']);
        expect(byId.get('anthropic.claude-3-haiku-20240307-v1:0')?.capabilities).toEqual(['chat', 'vision']);
        expect(byId.get('meta.llama2-13b-chat-v1')?.deprecated).toBe('legacy');
        // The profile takes its base model's facts and its own name.
        expect(byId.get('us.meta.llama3-2-90b-instruct-v1:0')).toMatchObject({
          id: 'us.meta.llama3-2-90b-instruct-v1:0',
          displayName: 'US Meta Llama 3.2 90B Instruct',
          capabilities: ['chat', 'vision'],
        });
      });
    });

    describe('when built from the config, with credentials left to the AWS SDK default chain', () => {
      /** Runs `body` with the test key in the environment, where the SDK's default chain finds it. */
      async function withTestKeyInEnvironment(body: () => Promise<void>): Promise<void> {
        const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;
        const saved = names.map((name) => [name, process.env[name]] as const);
        process.env['AWS_ACCESS_KEY_ID'] = TEST_CREDENTIALS.accessKeyId;
        process.env['AWS_SECRET_ACCESS_KEY'] = TEST_CREDENTIALS.secretAccessKey;
        delete process.env['AWS_SESSION_TOKEN'];
        delete process.env['AWS_PROFILE'];
        try {
          await body();
        } finally {
          for (const [name, value] of saved) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
          }
        }
      }

      it('should sign with what the chain finds (here the environment) at the configured endpoint', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: PROFILES }));
        const config = parseConfig({ providers: [{ name: 'bedrock', type: 'bedrock', region: 'us-west-2', baseUrl: server.url }] });
        const bedrock = createProvider(config.providers[0]!, 0, { environment: {}, discovery: { ...config.discovery, retries: 0 } });
        await withTestKeyInEnvironment(async () => {
          const { models } = (await bedrock.listModels(quietSignal())) as { models: { id: string }[] };
          expect(models.length).toBe(FOUNDATIONS.modelSummaries.length + PROFILES.length);
          expect(server.requests.every(signedWithTestKey)).toBe(true);
          expect(server.requests[0]?.headers.authorization).toContain('/us-west-2/bedrock/aws4_request');
        });
      });

      it('should sign for AWS_DEFAULT_REGION, trimmed, when AWS_REGION is blank', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: PROFILES }));
        const config = parseConfig({ providers: [{ name: 'bedrock', type: 'bedrock', baseUrl: server.url }] });
        const environment = { AWS_REGION: '  ', AWS_DEFAULT_REGION: ' eu-west-3 ' };
        const bedrock = createProvider(config.providers[0]!, 0, { environment, discovery: { ...config.discovery, retries: 0 } });
        await withTestKeyInEnvironment(async () => {
          await bedrock.listModels(quietSignal());
          expect(server.requests.length).toBeGreaterThan(0);
          expect(server.requests.map((request) => /\/\d{8}\/([^/]+)\/bedrock\//.exec(request.headers.authorization ?? '')?.[1])).toEqual(
            server.requests.map(() => 'eu-west-3'),
          );
        });
      });
    });

    describe('when inference profiles span pages', () => {
      it('should follow nextToken', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: PROFILES, pageSize: 10 }));
        const { models } = await provider(server.url).listModels(quietSignal());
        expect(models.filter((model) => model.id.startsWith('us.'))).toHaveLength(PROFILES.length);
        expect(server.requests.filter((request) => request.path === '/inference-profiles').map((request) => request.query.get('nextToken'))).toEqual([null, '10', '20']);
      });
    });

    describe('when AWS refuses the credentials', () => {
      it('should fail with auth, say how to configure credentials, and never show the secret', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: [], failWith: { status: 403, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } }));
        const failure = await provider(server.url).listModels(quietSignal()).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ProviderError);
        expect(failure).toMatchObject({ code: 'auth', provider: 'bedrock' });
        const text = `${(failure as Error).message} ${JSON.stringify(failure)}`;
        expect(text).toContain('AWS_PROFILE');
        expect(text).not.toContain(TEST_CREDENTIALS.secretAccessKey);
      });
    });

    describe('when the credentials may not list models', () => {
      it('should fail with forbidden naming the permissions', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: [], failWith: { status: 403, type: 'AccessDeniedException', message: 'User is not authorized' } }));
        await expect(provider(server.url).listModels(quietSignal())).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('bedrock:ListFoundationModels') });
      });
    });

    describe('when the answer has the wrong shape', () => {
      it('should fail with bad_response naming the operation', async () => {
        const server = await track(startBedrockServer({ foundations: { models: [] }, profiles: [] }));
        await expect(provider(server.url).listModels(quietSignal())).rejects.toMatchObject({
          code: 'bad_response',
          message: 'bedrock: ListFoundationModels held no "modelSummaries"; check endpoint',
        });
      });
    });

    describe('when a request fails with a 500', () => {
      it('should send it again as many times as retries says, then answer', async () => {
        let failuresLeft = 2;
        const server = await track(
          startFakeServer((_req, res, request) => {
            if (request.path === '/foundation-models' && failuresLeft-- > 0) {
              return sendJson(res, 500, { message: 'try again' }, { 'x-amzn-errortype': 'InternalServerException' });
            }
            return sendJson(res, 200, request.path === '/foundation-models' ? { modelSummaries: [] } : { inferenceProfileSummaries: [] });
          }),
        );
        await expect(provider(server.url, { retries: 2 }).listModels(quietSignal())).resolves.toEqual({ models: [], invalid: 0 });
        expect(server.requests.filter((request) => request.path === '/foundation-models')).toHaveLength(3);
      });

      it('should give up after retries more tries', async () => {
        const server = await track(
          startFakeServer((_req, res, request) =>
            request.path === '/foundation-models'
              ? sendJson(res, 500, { message: 'down' }, { 'x-amzn-errortype': 'InternalServerException' })
              : sendJson(res, 200, { inferenceProfileSummaries: [] }),
          ),
        );
        await expect(provider(server.url, { retries: 1 }).listModels(quietSignal())).rejects.toBeInstanceOf(ProviderError);
        expect(server.requests.filter((request) => request.path === '/foundation-models')).toHaveLength(2);
      });
    });

    describe('when the AWS SDK is not installed', () => {
      it('should fail with BedrockSdkMissingError naming the package to install', async () => {
        const missing = (): Promise<unknown> => Promise.reject(Object.assign(new Error("Cannot find package '@aws-sdk/client-bedrock'"), { code: 'ERR_MODULE_NOT_FOUND' }));
        const failure = await provider('http://127.0.0.1:9', { importSdk: missing }).listModels(quietSignal()).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(BedrockSdkMissingError);
        expect(failure).toMatchObject({
          code: 'bedrock_sdk_missing',
          message: 'bedrock: listing Bedrock models needs the AWS SDK; install it with "npm install @aws-sdk/client-bedrock@latest"',
          cause: { code: 'ERR_MODULE_NOT_FOUND' },
        });
      });

      it('should ask for a newer release when the installed one lacks ListInferenceProfiles', async () => {
        const old = (): Promise<unknown> => Promise.resolve({ BedrockClient: class {}, ListFoundationModelsCommand: class {} });
        await expect(provider('http://127.0.0.1:9', { importSdk: old }).listModels(quietSignal())).rejects.toMatchObject({
          code: 'bedrock_sdk_missing',
          message: expect.stringContaining('needs a newer AWS SDK'),
        });
      });

      it('should refuse a module that is not an object', async () => {
        await expect(provider('http://127.0.0.1:9', { importSdk: () => Promise.resolve(null) }).listModels(quietSignal())).rejects.toMatchObject({
          code: 'bedrock_sdk_missing',
        });
      });

      it('should try again on the next listing, so installing it needs no restart', async () => {
        let calls = 0;
        const flaky = (): Promise<unknown> => (++calls === 1 ? Promise.reject(new Error('not found')) : import('@aws-sdk/client-bedrock'));
        const server = await track(startBedrockServer({ foundations: { modelSummaries: [] }, profiles: [] }));
        const bedrock = provider(server.url, { importSdk: flaky });
        await expect(bedrock.listModels(quietSignal())).rejects.toBeInstanceOf(BedrockSdkMissingError);
        await expect(bedrock.listModels(quietSignal())).resolves.toEqual({ models: [], invalid: 0 });
      });
    });

    describe('when Bedrock does not answer', () => {
      it('should fail with timeout once the clock passes timeoutMs', async () => {
        const arrived = new Deferred<void>();
        const server = await track(startFakeServer(() => arrived.resolve()));
        const clock = new ManualClock();
        const listing = provider(server.url, { clock, timeoutMs: 3000 }).listModels(quietSignal());
        await arrived.promise;
        clock.advance(3000);
        await expect(listing).rejects.toMatchObject({ code: 'timeout', provider: 'bedrock', message: 'bedrock: no answer within 3000 ms; try again later' });
      });
    });

    describe('when ListInferenceProfiles answers in another shape', () => {
      it('should fail with bad_response naming the operation', async () => {
        const server = await track(
          startFakeServer((_req, res, request) =>
            request.path === '/foundation-models' ? sendJson(res, 200, { modelSummaries: [] }) : sendJson(res, 200, { inferenceProfileSummaries: 'none' }),
          ),
        );
        await expect(provider(server.url).listModels(quietSignal())).rejects.toMatchObject({
          code: 'bad_response',
          message: 'bedrock: ListInferenceProfiles answered in an unknown shape; check endpoint',
        });
      });

      it('should read an answer without summaries as no profiles', async () => {
        const server = await track(startFakeServer((_req, res, request) => sendJson(res, 200, request.path === '/foundation-models' ? { modelSummaries: [] } : {})));
        await expect(provider(server.url).listModels(quietSignal())).resolves.toEqual({ models: [], invalid: 0 });
      });
    });

    describe('when the caller aborts while a request is in flight', () => {
      it('should stop it and reject with the caller’s reason', async () => {
        const arrived = new Deferred<void>();
        const server = await track(startFakeServer(() => arrived.resolve()));
        const controller = new AbortController();
        const listing = provider(server.url, { clock: new ManualClock() }).listModels(controller.signal);
        await arrived.promise;
        controller.abort(new Error('stop'));
        await expect(listing).rejects.toThrow('stop');
      });
    });

    describe('when a listing ends', () => {
      it('should leave no abort listener on the caller’s signal', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: PROFILES }));
        const controller = new AbortController();
        await provider(server.url).listModels(controller.signal);
        expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
      });
    });

    describe('when the caller aborts', () => {
      it('should reject with the caller’s reason', async () => {
        const server = await track(startBedrockServer({ foundations: FOUNDATIONS, profiles: PROFILES }));
        const controller = new AbortController();
        controller.abort(new Error('stop'));
        await expect(provider(server.url).listModels(controller.signal)).rejects.toThrow('stop');
      });
    });
  });

  describe('.unavailableReason', () => {
    it('should say to set a region when none is given', () => {
      expect(new BedrockProvider({ name: 'bedrock' }).unavailableReason).toMatch(/region.*AWS_REGION/);
      expect(new BedrockProvider({ name: 'bedrock', region: 'eu-central-1' }).unavailableReason).toBeUndefined();
    });
  });
});

describe('foundationModel', () => {
  it('should read modalities and the LEGACY lifecycle as facts', () => {
    const entry = {
      modelId: 'meta.llama3-2-90b-instruct-v1:0',
      modelName: 'Llama 3.2 90B Instruct',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
      modelLifecycle: { status: 'LEGACY' },
    };
    expect(foundationModel(entry, false)).toEqual({
      id: 'meta.llama3-2-90b-instruct-v1:0',
      displayName: 'Llama 3.2 90B Instruct',
      capabilities: ['other'],
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
      deprecated: 'legacy',
    });
    expect(foundationModel(entry, true).capabilities).toEqual(['chat', 'vision']);
  });

  it('should give an embedding model no output modality', () => {
    const entry = { modelId: 'amazon.titan-embed-text-v2:0', inputModalities: ['TEXT'], outputModalities: ['EMBEDDING'], inferenceTypesSupported: ['ON_DEMAND'] };
    expect(foundationModel(entry, true)).toEqual({ id: 'amazon.titan-embed-text-v2:0', capabilities: ['embedding'], inputModalities: ['text'] });
  });

  describe.each([
    ['VIDEO', ['TEXT', 'IMAGE'], ['VIDEO'], ['video'], ['video']],
    ['SPEECH', ['SPEECH', 'AUDIO'], ['SPEECH'], ['speech'], ['audio']],
    ['AUDIO and TEXT', ['AUDIO'], ['AUDIO', 'TEXT'], ['chat', 'speech'], ['audio', 'text']],
    ['IMAGE', ['TEXT', 'DOCUMENT'], ['IMAGE'], ['image'], ['image']],
  ])('when a model outputs %s', (_label, inputs, outputs, capabilities, outputModalities) => {
    it('should name what it makes, and chat only with text out', () => {
      const model = foundationModel({ modelId: 'x', inputModalities: inputs, outputModalities: outputs }, true);
      expect(model.capabilities).toEqual(capabilities);
      expect(model.outputModalities).toEqual(outputModalities);
      expect(model.displayName).toBeUndefined();
      expect(model.deprecated).toBeUndefined();
    });
  });

  it('should read a DOCUMENT input as a file and list each modality once', () => {
    expect(foundationModel({ modelId: 'x', inputModalities: ['TEXT', 'DOCUMENT', 'SPEECH', 'AUDIO'], outputModalities: ['TEXT'] }, true).inputModalities).toEqual(['text', 'file', 'audio']);
  });

  it('should give a model with nothing known no modalities and the word other', () => {
    expect(foundationModel({ modelId: 'x', inputModalities: ['SMELL'], modelLifecycle: { status: 'ACTIVE' } }, true)).toStrictEqual({ id: 'x', capabilities: ['other'] });
  });
});

describe('readBedrockModels', () => {
  const arn = (id: string) => `arn:aws:bedrock:us-east-1::foundation-model/${id}`;
  const claude = { modelId: 'anthropic.claude-x', modelName: 'Claude X', inputModalities: ['TEXT', 'IMAGE'], outputModalities: ['TEXT'], inferenceTypesSupported: ['INFERENCE_PROFILE'] };

  describe('when profiles are active, inactive, nameless or point at an unknown model', () => {
    it('should list the usable profiles with their model\'s facts, and classify the rest by id', () => {
      const { models, invalid } = readBedrockModels(
        [claude],
        [
          { inferenceProfileId: 'us.anthropic.claude-x', inferenceProfileName: 'US Claude X', status: 'ACTIVE', models: [{ modelArn: arn('anthropic.claude-x') }] },
          { inferenceProfileId: 'eu.anthropic.claude-x', models: [{ modelArn: arn('anthropic.claude-x') }] },
          { inferenceProfileId: 'us.gone', status: 'DELETING', models: [{ modelArn: arn('anthropic.claude-x') }] },
          { inferenceProfileId: 'us.cohere.embed-v9', status: 'ACTIVE', models: [{ modelArn: arn('cohere.embed-v9') }] },
          { inferenceProfileId: 'apac.unknown-thing', models: [{ modelArn: 'not-an-arn' }] },
          { inferenceProfileName: 'no id' },
        ],
      );
      expect(invalid).toBe(1);
      expect(models).toStrictEqual([
        { id: 'anthropic.claude-x', displayName: 'Claude X', capabilities: ['other'], inputModalities: ['text', 'image'], outputModalities: ['text'] },
        { id: 'us.anthropic.claude-x', displayName: 'US Claude X', capabilities: ['chat', 'vision'], inputModalities: ['text', 'image'], outputModalities: ['text'] },
        { id: 'eu.anthropic.claude-x', capabilities: ['chat', 'vision'], inputModalities: ['text', 'image'], outputModalities: ['text'] },
        { id: 'us.cohere.embed-v9', capabilities: ['embedding'] },
        { id: 'apac.unknown-thing', capabilities: ['chat'] },
      ]);
    });
  });
});
