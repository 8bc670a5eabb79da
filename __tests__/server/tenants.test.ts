import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { get } from 'node:http';
import type { Logger } from '../../src/logging/Logger.js';
import type { ModelCatalogReader, TenantIdentity } from '../../src/manager/ModelCatalogReader.js';
import type { OpenAiModelList } from '../../src/server/openAiModel.js';
import { FakeCatalog } from './FakeCatalog.js';
import { json, send, serveShape, SHAPES, type ErrorBody, type HandlerServer, type HandlerShape, type ShapeOptions } from './handlerServer.js';

const servers: HandlerServer[] = [];
let shape: HandlerShape;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The test's own auth: `x-tenant: <id>:<openai key>`. */
function fromHeader(header: (name: string) => string | undefined): TenantIdentity | undefined {
  const value = header('x-tenant');
  if (value === undefined) return undefined;
  const [id = '', key = ''] = value.split(':');
  return { id, keys: { openai: key } };
}

function catalog(): FakeCatalog {
  const fake = new FakeCatalog({ openai: ['gpt-4o'], ollama: ['llama3.1:8b'] });
  fake.setKeyed('openai', 'sk-acme', ['ft:gpt-4o:acme::1']);
  fake.setKeyed('openai', 'sk-beta', ['ft:gpt-4o:beta::2']);
  return fake;
}

async function serve(reader: ModelCatalogReader, options: ShapeOptions = { tenant: fromHeader }): Promise<HandlerServer> {
  const server = await serveShape(shape, reader, options);
  servers.push(server);
  return server;
}

function ids(response: Awaited<ReturnType<typeof send>>): string[] {
  return json<OpenAiModelList>(response).data.map((model) => model.id);
}

/** Opens an event stream and resolves its headers and first event, then closes it. */
function firstEvent(port: number, headers: Record<string, string>): Promise<{ cacheControl: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/v1/models/events', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n\n')) {
          resolve({ cacheControl: res.headers['cache-control'], text });
          req.destroy();
        }
      });
    });
    req.on('error', reject);
  });
}

/** Hands out one view per tenant id, as ProviderManager does while a view is in use, and counts list reads. */
class OneViewPerTenant extends FakeCatalog {
  lists = 0;
  readonly #views = new Map<string, ModelCatalogReader>();

  override forTenant(tenant: TenantIdentity): ModelCatalogReader {
    let view = this.#views.get(tenant.id);
    if (view === undefined) {
      const inner = super.forTenant(tenant);
      view = {
        separator: inner.separator,
        get generation() {
          return inner.generation;
        },
        validScopedModels: (query) => {
          this.lists++;
          return inner.validScopedModels(query);
        },
        modelInfo: (id) => inner.modelInfo(id),
        providerStatus: () => inner.providerStatus(),
        onChange: (listener) => inner.onChange(listener),
      };
      this.#views.set(tenant.id, view);
    }
    return view;
  }
}

describe.each(SHAPES)('$name', (current) => {
  beforeEach(() => {
    shape = current;
  });

  describe('option tenant', () => {
    describe('when requests come from different tenants', () => {
      it("should answer each from its own view: the shared lists plus its own keys' lists", async () => {
        const { port } = await serve(catalog());

        const acme = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'acme:sk-acme' } });
        const beta = await send(port, { path: '/v1/models?provider=openai', headers: { 'x-tenant': 'beta:sk-beta' } });
        const keyless = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'solo:sk-none' } });
        const shared = await send(port, { path: '/v1/models' });

        expect(ids(acme)).toEqual(['ollama/llama3.1:8b', 'openai/ft:gpt-4o:acme::1', 'openai/gpt-4o']);
        expect(ids(beta)).toEqual(['openai/ft:gpt-4o:beta::2', 'openai/gpt-4o']);
        expect(ids(keyless)).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
        expect(ids(shared)).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
      });

      it("should give each tenant's list its own ETag, never matching another's different list", async () => {
        const { port } = await serve(catalog());
        const acme = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'acme:sk-acme' } });

        const betaWithAcmesTag = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'beta:sk-beta', 'if-none-match': acme.headers.etag! } });
        const sharedWithAcmesTag = await send(port, { path: '/v1/models', headers: { 'if-none-match': acme.headers.etag! } });
        const acmeAgain = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'acme:sk-acme', 'if-none-match': acme.headers.etag! } });

        expect(betaWithAcmesTag.status).toBe(200);
        expect(betaWithAcmesTag.headers.etag).not.toBe(acme.headers.etag);
        expect(sharedWithAcmesTag.status).toBe(200);
        expect(acmeAgain.status).toBe(304);
      });

      it('should mark tenant answers Cache-Control: private, and shared ones not', async () => {
        const { port } = await serve(catalog());
        const tenant = { 'x-tenant': 'acme:sk-acme' };
        const list = await send(port, { path: '/v1/models', headers: tenant });

        const responses = [
          list,
          await send(port, { path: '/v1/models', headers: { ...tenant, 'if-none-match': list.headers.etag! } }),
          await send(port, { path: '/v1/models/openai/ft:gpt-4o:acme::1', headers: tenant }),
          await send(port, { path: '/v1/models/complete?q=ft', headers: tenant }),
        ];
        const shared = await send(port, { path: '/v1/models' });

        expect(responses.map((response) => [response.status, response.headers['cache-control']])).toEqual([
          [200, 'private, no-cache'],
          [304, 'private, no-cache'],
          [200, 'private, no-cache'],
          [200, 'private, no-cache'],
        ]);
        expect(shared.headers['cache-control']).toBe('no-cache');
      });

      it("should complete and look up models in the tenant's view only", async () => {
        const { port } = await serve(catalog());

        const acme = await send(port, { path: '/v1/models/complete?q=ft', headers: { 'x-tenant': 'acme:sk-acme' } });
        const betaAsksForAcmes = await send(port, { path: '/v1/models/openai/ft:gpt-4o:acme::1', headers: { 'x-tenant': 'beta:sk-beta' } });

        expect(json<{ items: string[] }>(acme).items).toEqual(['openai/ft:gpt-4o:acme::1']);
        expect(betaAsksForAcmes.status).toBe(404);
      });

      it("should stream a tenant's events privately", async () => {
        const { port } = await serve(catalog());

        const tenant = await firstEvent(port, { 'x-tenant': 'acme:sk-acme' });
        const shared = await firstEvent(port, {});

        expect(tenant.cacheControl).toBe('private, no-cache, no-transform');
        expect(tenant.text).toContain('event: ready');
        expect(shared.cacheControl).toBe('no-cache, no-transform');
      });

      it("should serve a tenant's list fresh after its key's list changes", async () => {
        const fake = catalog();
        const { port } = await serve(fake);
        const before = await send(port, { path: '/v1/models?provider=openai', headers: { 'x-tenant': 'acme:sk-acme' } });

        fake.setKeyed('openai', 'sk-acme', ['ft:gpt-4o:acme::1', 'ft:gpt-4o:acme::3']);
        const after = await send(port, { path: '/v1/models?provider=openai', headers: { 'x-tenant': 'acme:sk-acme', 'if-none-match': before.headers.etag! } });

        expect(after.status).toBe(200);
        expect(ids(after)).toContain('openai/ft:gpt-4o:acme::3');
      });

      it('should reuse the serialised list of a view it has seen, without asking the view again', async () => {
        const reader = new OneViewPerTenant({ openai: ['gpt-4o'] });
        reader.setKeyed('openai', 'sk-acme', ['ft:gpt-4o:acme::1']);
        const { port } = await serve(reader);
        const first = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'acme:sk-acme' } });

        const second = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'acme:sk-acme' } });

        expect(second.text).toBe(first.text);
        expect(reader.lists).toBe(1);
      });
    });

    describe('when the resolver returns a promise', () => {
      it('should wait for it', async () => {
        const { port } = await serve(catalog(), { tenant: (header) => Promise.resolve(fromHeader(header)) });

        const response = await send(port, { path: '/v1/models', headers: { 'x-tenant': 'acme:sk-acme' } });

        expect(ids(response)).toContain('openai/ft:gpt-4o:acme::1');
      });
    });

    describe('when the resolver fails', () => {
      it('should answer a bare 500 and log it', async () => {
        const warnings: string[] = [];
        const logger: Logger = { warn: (message) => warnings.push(message), info: () => {} };
        const { port } = await serve(catalog(), {
          logger,
          tenant: () => Promise.reject(new Error('auth backend down')),
        });

        const response = await send(port, { path: '/v1/models' });

        expect(response.status).toBe(500);
        expect(json<ErrorBody>(response).error.code).toBe('internal_error');
        expect(warnings).toEqual(['GET /v1/models failed: auth backend down']);
      });
    });

    describe('when the reader cannot answer per tenant', () => {
      it('should fail at construction, naming the factory and the option', () => {
        const plain: ModelCatalogReader = {
          separator: '/',
          generation: 1,
          validScopedModels: () => [],
          modelInfo: () => undefined,
          providerStatus: () => [],
          onChange: () => () => {},
        };

        expect(() => shape.create(plain, { tenant: fromHeader })).toThrow(
          expect.objectContaining({
            code: 'invalid_option',
            message: `${shape.name}: option tenant needs a reader that can answer per tenant (with forTenant, as ProviderManager has); this one cannot`,
          }),
        );
      });

      it('should serve it when option tenant is not given', async () => {
        const plain: ModelCatalogReader = {
          separator: '/',
          generation: 1,
          validScopedModels: () => ['openai/gpt-4o'],
          modelInfo: (id) => (id === 'openai/gpt-4o' ? { id, provider: 'openai', model: 'gpt-4o', capabilities: ['chat'] } : undefined),
          providerStatus: () => [],
          onChange: () => () => {},
        };
        const { port } = await serve(plain, {});

        const response = await send(port, { path: '/v1/models' });

        expect(ids(response)).toEqual(['openai/gpt-4o']);
      });
    });
  });
});
