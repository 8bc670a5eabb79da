import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Container } from 'inversify';
import { createContainer } from '../../src/container/createContainer.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import { traceDiscoveries } from '../../src/observability/traceDiscoveries.js';
import { TYPES } from '../../src/tokens.js';
import { ControlledProvider } from '../helpers/ControlledProvider.js';
import { sendJson, startFakeServer, startOpenAiServer } from '../helpers/fakeProviderServer.js';
import { trackServers } from '../helpers/trackServers.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { ProviderManager as Manager } from '../../src/manager/ProviderManager.js';

const SECRET_KEY = 'sk-trace-secret-0123456789';
const track = trackServers();
let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;
let containers: Container[];

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  containers = [];
});

afterEach(async () => {
  for (const container of containers) await container.unbindAllAsync();
  trace.disable();
  context.disable();
  await provider.shutdown();
});

function managerOf(config: ScopedModelsConfigInput): ProviderManager {
  const container = createContainer({ env: 'test', config });
  containers.push(container);
  return container.get<ProviderManager>(TYPES.ProviderManager);
}

const named = (spans: ReadableSpan[], name: string): ReadableSpan[] => spans.filter((span) => span.name === name);

describe(traceDiscoveries, () => {
  describe('when the application registered an SDK', () => {
    it('should record a discovery span with a child span per provider fetch, retries counted, and no key or URL', async () => {
      trace.setGlobalTracerProvider(provider);
      let requests = 0;
      const flaky = await track(
        startFakeServer((_req, res) => {
          requests += 1;
          // The first answer asks for a retry at once; the second lists the models.
          if (requests === 1) return sendJson(res, 503, { error: { message: 'busy' } }, { 'retry-after-ms': '0' });
          sendJson(res, 200, { object: 'list', data: [{ id: 'gpt-4o', object: 'model' }, { id: 'o3', object: 'model' }] });
        }),
      );
      const rejecting = await track(startOpenAiServer({ models: ['x'], apiKey: 'the-right-key' }));
      const manager = managerOf({
        providers: [
          { name: 'openai', type: 'openai', baseUrl: `${flaky.url}/v1`, apiKey: 'k' },
          { name: 'other', type: 'openai-compatible', baseUrl: rejecting.baseUrl, apiKey: SECRET_KEY },
        ],
        discovery: { retries: 1 },
      });
      await manager.discoverModels();

      const spans = exporter.getFinishedSpans();
      const [discovery] = named(spans, 'scoped-models discover');
      expect(discovery).toBeDefined();
      expect(discovery!.attributes['scoped_models.providers']).toEqual(['openai', 'other']);
      const fetches = named(spans, 'scoped-models fetch');
      expect(fetches).toHaveLength(2);
      for (const fetch of fetches) expect(fetch.parentSpanContext?.spanId).toBe(discovery!.spanContext().spanId);
      const byProvider: Record<string, ReadableSpan> = Object.fromEntries(fetches.map((span) => [String(span.attributes['scoped_models.provider']), span]));
      expect(byProvider['openai']!.attributes).toMatchObject({ 'scoped_models.status': 'ok', 'scoped_models.models': 2, 'scoped_models.retries': 1 });
      expect(byProvider['other']!.attributes).toMatchObject({ 'scoped_models.status': 'failed', 'scoped_models.error_code': 'auth', 'scoped_models.retries': 0 });
      expect(byProvider['other']!.status.code).toBe(2);
      const everything = JSON.stringify(spans.map((span) => ({ a: span.attributes, s: span.status, e: span.events, n: span.name })));
      expect(everything).not.toContain(SECRET_KEY);
      expect(everything).not.toContain('127.0.0.1');
    });

    it('should make the discovery span a child of the caller\'s active span', async () => {
      trace.setGlobalTracerProvider(provider);
      // As an SDK's Node setup does: the active span follows async calls.
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      const manager = managerOf({ providers: [{ name: 'fixed', type: 'static', models: ['a'] }] });
      const outer = provider.getTracer('app').startSpan('request');
      await context.with(trace.setSpan(context.active(), outer), () => manager.discoverModels());
      outer.end();
      const [discovery] = named(exporter.getFinishedSpans(), 'scoped-models discover');
      expect(discovery?.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    });
  });

  describe('when a background refresh fetches', () => {
    it('should record the fetch as a span of its own', async () => {
      const controlled = new ControlledProvider('slow');
      const manager = new Manager(
        parseConfig({ providers: [{ name: 'slow', type: 'static', models: [] }], discovery: { refreshIntervalMs: 60_000 } }),
        new NullSentinelModelCache(),
        [controlled],
      );
      const stop = traceDiscoveries(manager, { tracer: provider.getTracer('test') });
      try {
        controlled.answer(['m1']);
        await manager.ready();
        await new Promise((resolve) => setImmediate(resolve));
        await controlled.latest().answer.promise;
        for (let i = 0; i < 500 && exporter.getFinishedSpans().length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
        const [fetch] = exporter.getFinishedSpans();
        expect(fetch?.name).toBe('scoped-models fetch');
        expect(fetch?.parentSpanContext).toBeUndefined();
        expect(fetch?.attributes['scoped_models.background']).toBe(true);
      } finally {
        stop();
        await manager.close();
      }
    });
  });

  describe('when no SDK is registered', () => {
    it('should discover as before and record nothing', async () => {
      const manager = managerOf({ providers: [{ name: 'fixed', type: 'static', models: ['a'] }] });
      const report = await manager.discoverModels();
      expect(report.providers[0]?.status).toBe('ok');
      expect(exporter.getFinishedSpans()).toEqual([]);
    });
  });

  describe('when stopped', () => {
    it('should record no further spans', async () => {
      const manager = managerOf({ providers: [{ name: 'fixed', type: 'static', models: ['a'] }] });
      const stop = traceDiscoveries(manager, { tracer: provider.getTracer('test') });
      await manager.discoverModels();
      const recorded = exporter.getFinishedSpans().length;
      stop();
      await manager.discoverModels();
      expect(recorded).toBe(2);
      expect(exporter.getFinishedSpans()).toHaveLength(recorded);
    });
  });
});
