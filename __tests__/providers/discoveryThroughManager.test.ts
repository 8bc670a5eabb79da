import 'reflect-metadata';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { silentLogger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import { createProvider } from '../../src/providers/createProvider.js';
import { systemClock } from '../../src/time/Clock.js';
import { openAiError, sendEndlessJson, sendJson, startFakeServer, type FakeServer } from '../helpers/fakeProviderServer.js';
import { startAnthropicServer } from '../helpers/fakeProviders.js';
import { ManualClock } from '../helpers/ManualClock.js';

const KEY = 'sk-manager-test-0123456789';

type Mode =
  | 'ok'
  | '401'
  | '403'
  | '404'
  | '429-long'
  | '500'
  | 'hang'
  | 'endless'
  | 'not-json'
  | 'wrong-types'
  | 'cross-origin'
  | 'echo-key';

/** An OpenAI-compatible server whose behaviour each test switches. */
let mode: Mode = 'ok';
let server: FakeServer;
let elsewhere: FakeServer;

const GOOD = [
  { id: 'gpt-4o', object: 'model', display_name: 'GPT-4o', context_window: 128000 },
  { id: 'text-embedding-3-small', object: 'model' },
  { id: 'whisper-1', object: 'model' },
];

beforeAll(async () => {
  elsewhere = await startFakeServer((_req, res) => sendJson(res, 200, { data: [{ id: 'stolen' }] }));
  server = await startFakeServer((_req, res) => {
    switch (mode) {
      case 'ok':
        sendJson(res, 200, { object: 'list', data: GOOD });
        return;
      case '401':
        sendJson(res, 401, openAiError(`Incorrect API key provided: ${KEY}`, 'invalid_request_error', 'invalid_api_key'));
        return;
      case '403':
        sendJson(res, 403, openAiError('forbidden', 'invalid_request_error', null));
        return;
      case '404':
        sendJson(res, 404, openAiError('not found', 'invalid_request_error', null));
        return;
      case '429-long':
        sendJson(res, 429, openAiError('slow down', 'rate_limit', null), { 'retry-after': '25' });
        return;
      case '500':
        sendJson(res, 500, openAiError('boom', 'server_error', null));
        return;
      case 'hang':
        return;
      case 'endless':
        sendEndlessJson(res, 200);
        return;
      case 'not-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": [');
        return;
      case 'wrong-types':
        sendJson(res, 200, { data: { id: 'gpt-4o' } });
        return;
      case 'cross-origin':
        res.writeHead(302, { location: `${elsewhere.url}/v1/models` });
        res.end();
        return;
      case 'echo-key':
        // A server that puts the key it received in a redirect target: never to be quoted.
        res.writeHead(302, { location: `http://${KEY}.example.invalid/` });
        res.end();
        return;
    }
  });
});

afterAll(async () => {
  await Promise.all([server.close(), elsewhere.close()]);
});

beforeEach(() => {
  mode = 'ok';
});

function createManager(config: ScopedModelsConfigInput): ProviderManager {
  const parsed = parseConfig(config);
  const providers = parsed.providers.map((provider, index) => createProvider(provider, index, { environment: {}, discovery: parsed.discovery }));
  return new ProviderManager(parsed, new NullSentinelModelCache(), providers, systemClock, silentLogger);
}

function openAiManager(discovery: ScopedModelsConfigInput['discovery'] = {}): ProviderManager {
  return createManager({
    providers: [
      { name: 'fixed', type: 'static', models: ['pinned-model'] },
      { name: 'openai', type: 'openai', baseUrl: `${server.url}/v1`, apiKey: KEY },
    ],
    // Short enough to keep the suite fast, long enough for a loaded machine to answer locally.
    discovery: { retries: 0, requestTimeoutMs: 400, timeoutMs: 3_000, maxBodyBytes: 64 * 1024, ...discovery },
  });
}

const GOOD_LIST = ['fixed/pinned-model', 'openai/gpt-4o', 'openai/text-embedding-3-small', 'openai/whisper-1'];

describe('ProviderManager with the HTTP adapters', () => {
  describe('.discoverModels', () => {
    describe('when the provider answers', () => {
      it('should list its models, classified, with what is known of them', async () => {
        const manager = openAiManager();
        const report = await manager.discoverModels();
        expect(report.providers.find((p) => p.name === 'openai')).toMatchObject({ status: 'ok', models: 3, invalid: 0 });
        expect(manager.validScopedModels()).toEqual(GOOD_LIST);
        expect(manager.validScopedModels({ capability: 'chat' })).toEqual(['fixed/pinned-model', 'openai/gpt-4o']);
        expect(manager.validScopedModels({ capability: 'embedding' })).toEqual(['openai/text-embedding-3-small']);
        expect(manager.modelInfo('openai/gpt-4o')).toMatchObject({ displayName: 'GPT-4o', contextWindow: 128000, capabilities: ['chat', 'vision', 'tools'] }); // vision, tools: from the bundled catalog
      });
    });

    describe('when a redirect target echoes the key', () => {
      it('should not quote it, even before the manager redacts', async () => {
        mode = 'echo-key';
        const [provider] = parseConfig({ providers: [{ name: 'openai', type: 'openai', baseUrl: `${server.url}/v1`, apiKey: KEY }] }).providers.map((p, i) =>
          createProvider(p, i, { environment: {}, discovery: parseConfig({}).discovery }),
        );
        await expect(provider!.listModels(new AbortController().signal)).rejects.toThrow(/^openai: refused a redirect(?!.*sk-manager)/);
      });
    });

    describe.each([
      ['401', 'auth'],
      ['403', 'forbidden'],
      ['404', 'not_found'],
      ['429-long', 'rate_limited'],
      ['500', 'http_error'],
      ['hang', 'timeout'],
      ['endless', 'bad_response'],
      ['not-json', 'bad_response'],
      ['wrong-types', 'bad_response'],
      ['cross-origin', 'http_error'],
      ['echo-key', 'http_error'],
    ] as const)('when a later discovery meets %s', (failure, code) => {
      it(`should report ${code}, keep the last good list, and hold no key`, async () => {
        const manager = openAiManager();
        await manager.discoverModels();
        mode = failure;
        const report = await manager.discoverModels(['openai']);
        const openai = report.providers[0];
        expect(openai).toMatchObject({ name: 'openai', status: 'failed', code, models: 3 });
        expect(manager.validScopedModels()).toEqual(GOOD_LIST);
        expect(manager.providerStatus().find((status) => status.name === 'openai')).toMatchObject({ state: 'failed', lastError: { code } });
        expect(JSON.stringify(report)).not.toContain(KEY);
        expect(JSON.stringify(manager.providerStatus())).not.toContain(KEY);
        expect(elsewhere.requests).toEqual([]);
      });
    });

    describe('when the provider overruns discovery.timeoutMs', () => {
      it('should fail with timeout within the deadline and keep the list', async () => {
        const manager = openAiManager({ requestTimeoutMs: 5_000, timeoutMs: 400 });
        await manager.discoverModels();
        mode = 'hang';
        const report = await manager.discoverModels(['openai']);
        // The discovery's own deadline ended it, not the 5 s request timeout. Both timers end at about 400 ms,
        // so either may fire first; both name the setting to raise.
        expect(report.providers[0]).toMatchObject({ status: 'failed', code: 'timeout', error: expect.stringMatching(/no answer within (400|39\d) ms.*raise discovery\.timeoutMs/) });
        expect(report.providers[0]?.error).not.toContain('requestTimeoutMs');
        expect(manager.validScopedModels()).toEqual(GOOD_LIST);
      });
    });

    describe('when the ids hold control or invisible characters', () => {
      it('should reject those ids, count them, and keep the rest', async () => {
        const hostile = await startFakeServer((_req, res) =>
          sendJson(res, 200, {
            data: [
              { id: 'gpt-4o' },
              { id: 'evil\u001b[31mred' },
              { id: 'c1\u009bcontrol' },
              { id: 'bidi\u202eeulav' },
              { id: 'zero\u200bwidth' },
              { id: 'x'.repeat(300) },
              { id: '  spaced  ' },
              { id: 'gpt-4o' },
            ],
          }),
        );
        try {
          const manager = createManager({ providers: [{ name: 'local', type: 'openai-compatible', baseUrl: hostile.url }] });
          const report = await manager.discoverModels();
          expect(report.providers[0]).toMatchObject({ status: 'ok', invalid: 5, models: 2 });
          expect(manager.validScopedModels()).toEqual(['local/gpt-4o', 'local/spaced']);
        } finally {
          await hostile.close();
        }
      });
    });

    describe('when the caller aborts in the middle of pagination', () => {
      it('should stop asking, and keep the last good list', async () => {
        let hangSecondPage = false;
        const models = [{ id: 'claude-a' }, { id: 'claude-b' }, { id: 'claude-c' }];
        const anthropic = await startAnthropicServer({ models, apiKey: KEY, maxPageSize: 2 });
        const gate = await startFakeServer(async (req, res, request) => {
          if (hangSecondPage && request.query.get('after_id') !== null) return;
          const upstream = await fetch(`${anthropic.url}${request.url}`, { headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } });
          sendJson(res, upstream.status, await upstream.json());
          void req;
        });
        try {
          const manager = createManager({ providers: [{ name: 'anthropic', type: 'anthropic', baseUrl: gate.url, apiKey: KEY }] });
          await manager.discoverModels();
          expect(manager.validScopedModels()).toEqual(['anthropic/claude-a', 'anthropic/claude-b', 'anthropic/claude-c']);
          hangSecondPage = true;
          const controller = new AbortController();
          const pending = manager.discoverModels(undefined, { signal: controller.signal });
          while (gate.requests.length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
          controller.abort(new Error('user pressed Ctrl-C'));
          await expect(pending).rejects.toThrow('user pressed Ctrl-C');
          await new Promise((resolve) => setTimeout(resolve, 20));
          expect(gate.requests).toHaveLength(4);
          expect(manager.validScopedModels()).toEqual(['anthropic/claude-a', 'anthropic/claude-b', 'anthropic/claude-c']);
        } finally {
          await Promise.all([gate.close(), anthropic.close()]);
        }
      });
    });

    describe('when a provider has no key', () => {
      it('should skip it with its reason, not fail it', async () => {
        const manager = createManager({ providers: [{ name: 'anthropic', type: 'anthropic', baseUrl: server.url }] });
        const report = await manager.discoverModels();
        expect(report.providers[0]).toMatchObject({ status: 'skipped', error: 'no API key: set ANTHROPIC_API_KEY or apiKey in the config' });
        expect(server.requests.some((request) => request.headers['anthropic-version'] !== undefined)).toBe(false);
      });
    });

    describe('when the provider recovers after a 500 within the retries', () => {
      it('should succeed on the retry', async () => {
        let calls = 0;
        const flaky = await startFakeServer((_req, res) => {
          calls++;
          if (calls === 1) sendJson(res, 500, {});
          else sendJson(res, 200, { data: [{ id: 'm' }] });
        });
        try {
          const parsed = parseConfig({ providers: [{ name: 'local', type: 'openai-compatible', baseUrl: flaky.url }], discovery: { retries: 1 } });
          // The provider's waits run on a clock that jumps as soon as a retry is announced.
          const clock = new ManualClock();
          const waits: number[] = [];
          const provider = createProvider(parsed.providers[0]!, 0, {
            environment: {},
            discovery: parsed.discovery,
            clock,
            random: () => 0,
            onRetry: (event) => {
              waits.push(event.delayMs);
              setImmediate(() => clock.advance(event.delayMs));
            },
          });
          const manager = new ProviderManager(parsed, new NullSentinelModelCache(), [provider], systemClock, silentLogger);
          const report = await manager.discoverModels();
          expect(report.providers[0]).toMatchObject({ status: 'ok', models: 1 });
          expect(calls).toBe(2);
          expect(waits).toEqual([250]);
        } finally {
          await flaky.close();
        }
      });
    });
  });
});
