import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { ModelCatalogReader } from '../../src/manager/ModelCatalogReader.js';
import type { DiscoveryReport } from '../../src/manager/types.js';
import { createModelsHandler } from '../../src/server/createModelsHandler.js';
import { ControlledProvider, flush, ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { FakeCatalog } from './FakeCatalog.js';
import {
  createManager,
  json,
  send,
  SHAPES,
  startHandlerServer,
  until,
  type ErrorBody,
  type HandlerServer,
  type HandlerShape,
  type ShapeOptions,
} from './handlerServer.js';

const TOKEN = 'admin-token-for-tests';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const servers: HandlerServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

let shape: HandlerShape;

async function serve(manager: ModelCatalogReader, options: ShapeOptions = { adminToken: TOKEN }): Promise<HandlerServer & { received: number; ended: number }> {
  const { listener } = shape.create(manager, options);
  const counter = { received: 0, ended: 0 };
  const server = await startHandlerServer((req, res) => {
    counter.received++;
    req.on('end', () => counter.ended++);
    void listener(req, res);
  });
  servers.push(server);
  return {
    ...server,
    get received() {
      return counter.received;
    },
    /** Requests whose body has been read to its end. */
    get ended() {
      return counter.ended;
    },
  };
}

function providers(): { openai: ListProvider; ollama: ListProvider } {
  return { openai: new ListProvider('openai', ['gpt-4o']), ollama: new ListProvider('ollama', ['llama3.1:8b']) };
}

function refresh(port: number, body?: string, headers: Record<string, string> = AUTH): ReturnType<typeof send> {
  return send(port, {
    method: 'POST',
    path: '/v1/models/refresh',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

/** Opens a POST whose body is written by the test; resolves the response when it comes. */
function openPost(port: number, headers: Record<string, string>): { write(text: string | Buffer): void; end(): void; destroy(): void; response: Promise<IncomingMessage & { text: Promise<string> }> } {
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/models/refresh', headers, agent: false });
  req.on('error', () => {});
  const response = new Promise<IncomingMessage & { text: Promise<string> }>((resolve) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const text = new Promise<string>((done) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
      });
      resolve(Object.assign(res, { text }));
    });
  });
  req.flushHeaders();
  return { write: (text) => req.write(text), end: () => req.end(), destroy: () => req.destroy(), response };
}

describe.each(SHAPES)('$name', (current) => {
  beforeEach(() => {
    shape = current;
  });

  describe('POST /v1/models/refresh', () => {
    describe('when no admin token is configured', () => {
      it('should not exist (404), whatever the request says', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager, {});

        const response = await refresh(port, '{}');

        expect(response.status).toBe(404);
        expect(json<ErrorBody>(response).error.code).toBe('unknown_url');
      });
    });

    describe('when the token is missing or wrong', () => {
      it.each([
        ['no Authorization header', {}],
        ['a wrong token', { authorization: 'Bearer not-the-token' }],
        ['a longer token', { authorization: `Bearer ${TOKEN}x` }],
        ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
        ['an empty bearer', { authorization: 'Bearer ' }],
      ])('should answer %s with a 401 and run no discovery', async (_label, headers) => {
        const { openai, ollama } = providers();
        const manager = createManager([openai, ollama]);
        const { port } = await serve(manager);

        const response = await refresh(port, '{}', headers);

        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(json<ErrorBody>(response).error).toMatchObject({
          type: 'authentication_error',
          code: 'invalid_admin_token',
          message: 'send the admin token as "Authorization: Bearer <token>"',
        });
        expect(response.text).not.toContain(TOKEN);
        expect(openai.calls + ollama.calls).toBe(0);
      });

      it('should answer 401 before reading any of the body', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);
        const post = openPost(port, { 'content-type': 'application/json', 'content-length': '1000' });
        post.write('{"provid');

        const response = await post.response;

        expect(response.statusCode).toBe(401);
        post.destroy();
      });
    });

    describe('when the token is right', () => {
      it('should run a discovery of every provider and answer its report', async () => {
        const { openai, ollama } = providers();
        const manager = createManager([openai, ollama]);
        const { port } = await serve(manager);

        const response = await refresh(port);

        expect(response.status).toBe(200);
        const report = json<DiscoveryReport & { generation: number }>(response);
        expect(report.providers.map((provider) => [provider.name, provider.status, provider.models])).toEqual([
          ['ollama', 'ok', 1],
          ['openai', 'ok', 1],
        ]);
        expect(report.generation).toBe(manager.generation);
        expect(manager.validScopedModels()).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o']);
      });

      it('should accept the scheme in any case', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);

        const response = await refresh(port, undefined, { authorization: `bearer ${TOKEN}` });

        expect(response.status).toBe(200);
      });

      it('should take a body of only white space for no body', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);

        const response = await refresh(port, ' \r\n');

        expect(response.status).toBe(200);
        expect(json<DiscoveryReport>(response).providers.map((provider) => provider.name)).toEqual(['ollama', 'openai']);
      });

      it('should refresh only the providers the body names', async () => {
        const { openai, ollama } = providers();
        const manager = createManager([openai, ollama]);
        const { port } = await serve(manager);

        const response = await refresh(port, '{"providers":["ollama"]}');

        expect(response.status).toBe(200);
        expect(json<DiscoveryReport>(response).providers.map((provider) => provider.name)).toEqual(['ollama']);
        expect([openai.calls, ollama.calls]).toEqual([0, 1]);
      });
    });

    describe('when the body is not what the route expects', () => {
      it.each([
        ['malformed JSON', '{"providers": [', 'invalid_json', null],
        ['providers as a string', '{"providers":"openai"}', 'invalid_body', 'providers'],
        ['an array', '["openai"]', 'invalid_body', 'providers'],
        ['an unknown field', '{"provider":["openai"]}', 'invalid_body', 'providers'],
        ['null', 'null', 'invalid_body', 'providers'],
        ['an unknown provider', '{"providers":["openai","nobody"]}', 'unknown_provider', 'providers'],
      ])('should answer %s with a 400 and run no discovery', async (_label, body, code, param) => {
        const { openai, ollama } = providers();
        const manager = createManager([openai, ollama]);
        const { port } = await serve(manager);

        const response = await refresh(port, body);

        expect(response.status).toBe(400);
        expect(json<ErrorBody>(response).error).toMatchObject({ type: 'invalid_request_error', code, param });
        expect(openai.calls + ollama.calls).toBe(0);
      });

      it('should say what body it expects', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);

        const malformed = await refresh(port, '{"providers": [');
        const misshapen = await refresh(port, '{"providers":"openai"}');

        expect(json<ErrorBody>(malformed).error.message).toBe('the body is not valid JSON; send {"providers": ["name", …]} or nothing');
        expect(json<ErrorBody>(misshapen).error.message).toBe('expected {"providers": ["name", …]} (an array of provider names) or no body');
      });

      it('should name the unknown and the known providers', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);

        const response = await refresh(port, '{"providers":["nobody"]}');

        expect(json<ErrorBody>(response).error.message).toBe('unknown provider "nobody"; valid values: ollama, openai');
      });
    });

    describe('when the body is larger than 64 KiB', () => {
      it('should answer 413 for a declared length without reading the body', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);
        const post = openPost(port, { ...AUTH, 'content-length': String(64 * 1024 + 1) });

        const response = await post.response;

        expect(response.statusCode).toBe(413);
        expect(JSON.parse(await response.text)).toMatchObject({ error: { code: 'request_too_large' } });
        post.destroy();
      });

      it('should answer 413 for a chunked body once it grows past the limit', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);
        const post = openPost(port, { ...AUTH, 'transfer-encoding': 'chunked' });
        post.write(`{"providers":["${'x'.repeat(64 * 1024)}`);

        const response = await post.response;

        expect(response.statusCode).toBe(413);
        // Not asserted here: this client (agent: false) asks for Connection: close itself;
        // readBody.test.ts proves the close over a kept-alive connection.
        post.destroy();
      });

      it('should accept a body of exactly 64 KiB', async () => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager);
        const body = `{"providers":["ollama"]}${' '.repeat(64 * 1024 - 24)}`;

        const response = await refresh(port, body);

        expect(Buffer.byteLength(body)).toBe(64 * 1024);
        expect(response.status).toBe(200);
      });
    });

    describe('when the body is exactly maxBodyBytes, or one byte more', () => {
      const cap = 100;
      const exact = `{"providers":["ollama"]}${' '.repeat(cap - 24)}`;

      it.each([
        ['declared', { 'content-length': String(cap) }],
        ['chunked', { 'transfer-encoding': 'chunked' }],
      ])('should accept exactly the cap and refuse one byte more (%s)', async (_label, framing) => {
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager, { adminToken: TOKEN, maxBodyBytes: cap });

        const accepted = await send(port, { method: 'POST', path: '/v1/models/refresh', headers: { ...AUTH, ...framing }, body: exact });
        const over = { ...framing, ...('content-length' in framing ? { 'content-length': String(cap + 1) } : {}) };
        const refused = await send(port, { method: 'POST', path: '/v1/models/refresh', headers: { ...AUTH, ...over }, body: `${exact} ` });

        expect(Buffer.byteLength(exact)).toBe(cap);
        expect(accepted.status).toBe(200);
        expect(refused.status).toBe(413);
        expect(json<ErrorBody>(refused).error.code).toBe('request_too_large');
      });
    });

    describe('when the reader cannot refresh', () => {
      it('should answer 501 saying so, after checking the token', async () => {
        const { port } = await serve(new FakeCatalog({ openai: ['gpt-4o'] }));

        const unauthorized = await refresh(port, undefined, {});
        const response = await refresh(port);

        expect(unauthorized.status).toBe(401);
        expect(response.status).toBe(501);
        expect(json<ErrorBody>(response).error).toMatchObject({ type: 'server_error', code: 'refresh_unsupported' });
        expect(json<ErrorBody>(response).error.message).toContain('cannot refresh');
      });
    });

    describe('when refreshes arrive while one is running', () => {
      it('should answer those that name the same providers with the report of one discovery', async () => {
        const openai = new ControlledProvider('openai');
        const clock = new ManualClock();
        const manager = createManager([openai], { clock });
        const server = await serve(manager);

        // One request after the other, the clock a second on each time: a discovery of a request's
        // own would report its own start, so equal reports mean one shared discovery.
        const requests: ReturnType<typeof refresh>[] = [];
        for (const body of [undefined, '{}', '{"providers":["openai"]}', '{"providers":["openai","openai"]}']) {
          requests.push(refresh(server.port, body));
          await until(() => server.ended === requests.length);
          await flush();
          clock.advance(1_000);
        }
        openai.answer(['gpt-4o']);
        const responses = await Promise.all(requests);

        expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
        expect(responses[1]!.text).toBe(responses[0]!.text);
        expect(responses[3]!.text).toBe(responses[2]!.text);
        expect(json<DiscoveryReport>(responses[2]!).startedAt).not.toBe(json<DiscoveryReport>(responses[0]!).startedAt);
        expect(openai.calls).toHaveLength(1);
      });
    });

    describe('when refreshes naming different providers arrive while one is running', () => {
      it('should run one discovery per set of providers, whatever their order', async () => {
        const openai = new ControlledProvider('openai');
        const ollama = new ControlledProvider('ollama');
        const clock = new ManualClock();
        const manager = createManager([openai, ollama], { clock });
        const server = await serve(manager);

        // As above: the clock moves a second between requests, so a report shows which discovery made it.
        const bodies = [undefined, '{"providers":[]}', '{"providers":["openai"]}', '{"providers":["ollama","openai"]}', '{"providers":["openai","ollama"]}'];
        const requests: ReturnType<typeof refresh>[] = [];
        for (const body of bodies) {
          requests.push(refresh(server.port, body));
          await until(() => server.ended === requests.length);
          await flush();
          clock.advance(1_000);
        }
        openai.answer(['gpt-4o']);
        ollama.answer(['llama3.1:8b']);
        const reports = (await Promise.all(requests)).map((response) => json<DiscoveryReport>(response));

        expect(reports.map((report) => report.providers.map((provider) => provider.name))).toEqual([
          ['ollama', 'openai'],
          [],
          ['openai'],
          ['ollama', 'openai'],
          ['ollama', 'openai'],
        ]);
        expect(new Set(reports.map((report) => report.startedAt)).size).toBe(4);
        expect(reports[4]).toEqual(reports[3]);
      });
    });

    describe('when a refresh follows one that has finished', () => {
      it('should run a discovery of its own', async () => {
        const { openai, ollama } = providers();
        const manager = createManager([openai, ollama]);
        const { port } = await serve(manager);
        const first = await refresh(port, '{"providers":["openai"]}');

        openai.models = ['gpt-4o', 'o3'];
        const second = await refresh(port, '{"providers":["openai"]}');

        expect([first, second].map((response) => json<DiscoveryReport>(response).providers[0]!.models)).toEqual([1, 2]);
        expect(openai.calls).toBe(2);
      });
    });

    describe('when the client sends its body slowly', () => {
      it('should keep serving other clients and answer the slow one when its body is complete', async () => {
        const { openai, ollama } = providers();
        const manager = createManager([openai, ollama]);
        const { port } = await serve(manager);
        const body = '{"providers":[]}';
        const post = openPost(port, { ...AUTH, 'content-length': String(body.length) });

        for (const byte of body) {
          post.write(byte);
          const other = await send(port, { path: '/v1/models' });
          expect(other.status).toBe(200);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
        const response = await post.response;

        expect(response.statusCode).toBe(200);
        expect(JSON.parse(await response.text)).toMatchObject({ providers: [] });
      });

      it('should answer 408 when the body has not arrived within bodyTimeoutMs', async () => {
        const clock = new ManualClock();
        const manager = createManager(Object.values(providers()));
        const { port } = await serve(manager, { adminToken: TOKEN, clock, bodyTimeoutMs: 5_000 });
        const post = openPost(port, { ...AUTH, 'content-length': '16' });
        post.write('{"pro');
        await until(() => clock.pendingTimers === 1);

        clock.advance(4_999);
        const early = await send(port, { path: '/healthz' });
        clock.advance(1);
        const response = await post.response;

        expect(early.status).toBe(200);
        expect(response.statusCode).toBe(408);
        expect(JSON.parse(await response.text)).toMatchObject({ error: { code: 'request_timeout' } });
        expect(clock.pendingTimers).toBe(0);
        post.destroy();
      });
    });

    describe('when the client goes away in the middle of its body', () => {
      it('should drop the request and go on serving', async () => {
        const clock = new ManualClock();
        const { openai, ollama } = providers();
        const manager = createManager([openai, ollama]);
        const { port } = await serve(manager, { adminToken: TOKEN, clock });
        const post = openPost(port, { ...AUTH, 'content-length': '100' });
        post.write('{"providers"');
        await until(() => clock.pendingTimers === 1);

        post.destroy();
        await until(() => clock.pendingTimers === 0);
        const after = await refresh(port);

        expect(after.status).toBe(200);
        expect(openai.calls).toBe(1);
      });
    });
  });
});

describe('createModelsHandler', () => {
  describe('POST /v1/models/refresh', () => {
    // node:http only: the fetch handler leaves its connections to the runtime.
    describe('when it answers without reading the body', () => {
      it.each([
        ['a 401 for a missing token', {}, new FakeCatalog({ openai: ['gpt-4o'] }) as ModelCatalogReader, 401],
        ['a 501 for a reader that cannot refresh', AUTH, new FakeCatalog({ openai: ['gpt-4o'] }) as ModelCatalogReader, 501],
      ])('should close a keep-alive connection after %s rather than drain the body', async (_label, headers, reader, status) => {
        const handler = createModelsHandler(reader, { adminToken: TOKEN });
        const server = await startHandlerServer(handler);
        servers.push(server);
        const post = openPost(server.port, { ...headers, 'content-type': 'application/json', 'content-length': '1000', connection: 'keep-alive' });
        post.write('{"provid');

        const response = await post.response;

        expect(response.statusCode).toBe(status);
        expect(response.headers.connection).toBe('close');
        post.destroy();
      });
    });
  });
});
