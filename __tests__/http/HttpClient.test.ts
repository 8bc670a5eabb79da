import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Dispatcher } from 'undici';
import { ProviderError } from '../../src/errors/ProviderError.js';
import { HttpClient, MAX_REDIRECTS, type HttpClientOptions, type JsonRequest, type RetryEvent } from '../../src/http/HttpClient.js';
import { systemClock } from '../../src/time/Clock.js';
import { Deferred } from '../helpers/Deferred.js';
import { sendEndlessJson, sendJson, startFakeServer, type FakeHandler, type FakeServer } from '../helpers/fakeProviderServer.js';
import { ManualClock } from '../helpers/ManualClock.js';

const servers: FakeServer[] = [];

async function serve(handler: FakeHandler): Promise<FakeServer> {
  const server = await startFakeServer(handler);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ provider: 'acme', keyHint: 'ACME_API_KEY', requestTimeoutMs: 2_000, ...options });
}

function request(url: string, overrides: Partial<JsonRequest> = {}): JsonRequest {
  return { url: new URL(url), signal: new AbortController().signal, deadline: Date.now() + 10_000, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** A clock that jumps over every retry wait as soon as it is set, and records the retries and their waits. */
function jumpingClock(): { clock: ManualClock; waits: number[]; events: RetryEvent[]; onRetry: (event: RetryEvent) => void } {
  const clock = new ManualClock();
  const waits: number[] = [];
  const events: RetryEvent[] = [];
  return {
    clock,
    waits,
    events,
    onRetry: (event) => {
      events.push(event);
      waits.push(event.delayMs);
      setImmediate(() => clock.advance(event.delayMs));
    },
  };
}

/** A dispatcher that fails every request with `error`, as a custom agent or interceptor may. */
class FailingDispatcher extends Dispatcher {
  readonly #error: Error;

  constructor(error: Error) {
    super();
    this.#error = error;
  }

  override dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    queueMicrotask(() => handler.onError?.(this.#error));
    return true;
  }
}

describe('HttpClient', () => {
  describe('.getJson', () => {
    describe('when the server answers JSON', () => {
      it('should return the parsed body, status and URL', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, { data: [{ id: 'a' }] }));
        const response = await client().getJson(request(`${server.url}/v1/models`, { headers: { authorization: 'Bearer k' } }));
        expect(response.body).toEqual({ data: [{ id: 'a' }] });
        expect(response.status).toBe(200);
        expect(response.url.href).toBe(`${server.url}/v1/models`);
        expect(server.requests[0]?.headers.authorization).toBe('Bearer k');
        expect(server.requests[0]?.headers.accept).toBe('application/json');
        expect(server.requests[0]?.method).toBe('GET');
        expect(server.requests[0]?.headers['content-type']).toBeUndefined();
      });
    });

    describe('when the request has a jsonBody', () => {
      it('should POST it as JSON', async () => {
        let received = '';
        const server = await serve(async (req, res) => {
          for await (const chunk of req) received += (chunk as Buffer).toString();
          sendJson(res, 200, { ok: true });
        });
        const response = await client().getJson(request(`${server.url}/api/show`, { jsonBody: { model: 'llama3.2' } }));
        expect(response.body).toEqual({ ok: true });
        expect(server.requests[0]?.method).toBe('POST');
        expect(server.requests[0]?.headers['content-type']).toBe('application/json');
        expect(JSON.parse(received)).toEqual({ model: 'llama3.2' });
      });
    });

    describe.each([
      [401, 'auth', 'the API key was rejected (401); check ACME_API_KEY'],
      [403, 'forbidden', 'access was refused (403)'],
      [404, 'not_found', 'no model list at http://127.0.0.1:'],
      [418, 'http_error', 'unexpected answer 418'],
    ])('when the server answers %i', (status, code, text) => {
      it(`should fail with ${code} at once, quoting no body`, async () => {
        const server = await serve((_req, res) => sendJson(res, status, { error: { message: 'Incorrect API key provided: sk-secret' } }));
        const error = await failure(client().getJson(request(`${server.url}/models?x=1`)));
        expect(error.code).toBe(code);
        expect(error.status).toBe(status);
        expect(error.provider).toBe('acme');
        expect(error.message).toContain(text);
        expect(error.message).not.toContain('sk-secret');
        expect(error.message).not.toContain('x=1');
        expect(server.requests).toHaveLength(1);
      });
    });

    describe('when the client was given no keyHint', () => {
      it('should tell the user to check apiKey in the config', async () => {
        const server = await serve((_req, res) => sendJson(res, 401, {}));
        const error = await failure(new HttpClient({ provider: 'acme' }).getJson(request(server.url)));
        expect(error.message).toBe('acme: the API key was rejected (401); check apiKey in the config');
      });
    });

    describe('when an error answer says why', () => {
      // Google's shape: https://cloud.google.com/apis/design/errors#error_model
      const googleError = (status: unknown, details: unknown): unknown => ({
        error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status, details },
      });
      const errorInfo = (reason: unknown): unknown => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' });

      it.each([
        ['the most specific details[].reason', googleError('INVALID_ARGUMENT', [errorInfo('API_KEY_INVALID')]), 'API_KEY_INVALID'],
        ['error.status when no detail gives a reason', googleError('FAILED_PRECONDITION', [{ '@type': 'type.googleapis.com/google.rpc.Help' }]), 'FAILED_PRECONDITION'],
        [
          'error.status over free text, even free text holding a code',
          googleError('INVALID_ARGUMENT', [errorInfo('key sk-secret-1 is API_KEY_INVALID'), errorInfo('API_KEY_INVALID for key sk-secret-1')]),
          'INVALID_ARGUMENT',
        ],
        ['no reason from an error that is null', { error: null }, undefined],
        ['no reason from a body that is not JSON', '<html><body>400 Bad Request</body></html>', undefined],
      ])('should take %s', async (_what, body, reason) => {
        const server = await serve((_req, res) => {
          if (typeof body !== 'string') sendJson(res, 400, body);
          else {
            res.writeHead(400, { 'content-type': 'text/html' });
            res.end(body);
          }
        });
        const error = await failure(client().getJson(request(server.url)));
        expect(error.code).toBe('http_error');
        expect(error.status).toBe(400);
        expect(error.reason).toBe(reason);
        expect(error.message).not.toContain('sk-secret');
      });

      it('should report the status without reading an endless error body', async () => {
        const server = await serve((_req, res) => sendEndlessJson(res, 500, '{"error":{"status":"INTERNAL"'));
        // A clock whose timers never fire: only the cap on the error body can end this request.
        const error = await failure(client({ clock: new ManualClock(), retries: 0 }).getJson(request(server.url)));
        expect(error.code).toBe('http_error');
        expect(error.status).toBe(500);
        expect(error.reason).toBeUndefined();
      });
    });

    describe('when the server answers 429 with Retry-After, then succeeds', () => {
      it('should wait exactly as long as asked and return the answer', async () => {
        let calls = 0;
        const server = await serve((_req, res) => {
          calls++;
          if (calls === 1) sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '3' });
          else sendJson(res, 200, { ok: true });
        });
        const { clock, waits, onRetry } = jumpingClock();
        const response = await client({ clock, onRetry }).getJson(request(server.url, { deadline: clock.now() + 10_000 }));
        expect(response.body).toEqual({ ok: true });
        expect(waits).toEqual([3_000]);
      });
    });

    describe('when Retry-After asks for more than 30 s', () => {
      it('should wait 30 s at most', async () => {
        let calls = 0;
        const server = await serve((_req, res) => {
          calls++;
          if (calls === 1) sendJson(res, 503, {}, { 'retry-after': '3600' });
          else sendJson(res, 200, { ok: true });
        });
        const { clock, waits, onRetry } = jumpingClock();
        await client({ clock, onRetry }).getJson(request(server.url, { deadline: clock.now() + 60_000 }));
        expect(waits).toEqual([30_000]);
      });
    });

    describe('when a 404 comes from a base URL with a token in its path', () => {
      it('should name scheme, host and port with the path redacted', async () => {
        const server = await serve((_req, res) => sendJson(res, 404, {}));
        const error = await failure(client().getJson(request(`${server.url}/gw/tok-4f9a2c/v1/models`)));
        expect(error.message).toBe(`acme: no model list at ${server.url}/…/models (404); check baseUrl`);
        expect(error.message).not.toContain('tok-4f9a2c');
      });
    });

    describe('when a 429 asks to wait an hour', () => {
      it("should report the provider's hour, not the client's 30 s wait cap", async () => {
        const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }));
        const { clock, onRetry } = jumpingClock();
        const error = await failure(client({ clock, onRetry }).getJson(request(server.url, { deadline: clock.now() + 10_000 })));
        expect(error.code).toBe('rate_limited');
        expect(error.retryAfterMs).toBe(3_600_000);
        expect(error.message).toContain('try again in 1 h');
        expect(error.message).not.toContain('30 s');
      });
    });

    describe.each([
      ['past', 20],
      ['exactly at', 10],
    ])('when Retry-After would end %s the deadline', (_when, seconds) => {
      it('should fail with rate_limited at once, without waiting', async () => {
        const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': String(seconds) }));
        const { clock, waits, onRetry } = jumpingClock();
        const error = await failure(client({ clock, onRetry }).getJson(request(server.url, { deadline: clock.now() + 10_000 })));
        expect(error.code).toBe('rate_limited');
        expect(error.retryAfterMs).toBe(seconds * 1000);
        expect(error.message).toContain(`try again in ${seconds} s`);
        expect(waits).toEqual([]);
        expect(server.requests).toHaveLength(1);
      });
    });

    describe('when the server answers 429 without Retry-After', () => {
      it('should say to try again later', async () => {
        const server = await serve((_req, res) => sendJson(res, 429, {}));
        const error = await failure(client({ retries: 0 }).getJson(request(server.url)));
        expect(error.code).toBe('rate_limited');
        expect(error.message).toBe('acme: too many requests (429); try again later');
      });
    });

    describe('when the server answers 500, then succeeds', () => {
      it('should back off with jitter and return the answer', async () => {
        let calls = 0;
        const server = await serve((_req, res) => {
          calls++;
          if (calls <= 2) sendJson(res, 500, {});
          else sendJson(res, 200, { ok: true });
        });
        const { clock, events, onRetry } = jumpingClock();
        const response = await client({ clock, onRetry, random: () => 0.5, backoffBaseMs: 100 }).getJson(
          request(server.url, { deadline: clock.now() + 10_000 }),
        );
        expect(response.body).toEqual({ ok: true });
        // Equal jitter: half of 100·2^n fixed, half scaled by random() = 0.5.
        expect(events.map(({ provider, retry, delayMs, error }) => ({ provider, retry, delayMs, status: error.status }))).toEqual([
          { provider: 'acme', retry: 1, delayMs: 75, status: 500 },
          { provider: 'acme', retry: 2, delayMs: 150, status: 500 },
        ]);
      });
    });

    describe('when the first request gets no answer in time, and the second does', () => {
      it('should retry the timeout and return the answer', async () => {
        const firstArrived = new Deferred<void>();
        let calls = 0;
        const server = await serve((_req, res) => {
          calls++;
          if (calls === 1) firstArrived.resolve();
          else sendJson(res, 200, { ok: true });
        });
        const { clock, events, onRetry } = jumpingClock();
        const pending = client({ clock, onRetry, requestTimeoutMs: 1_000 }).getJson(request(server.url, { deadline: clock.now() + 10_000 }));
        await firstArrived.promise;
        clock.advance(1_000);
        await expect(pending).resolves.toMatchObject({ body: { ok: true } });
        expect(events.map((event) => event.error.code)).toEqual(['timeout']);
        expect(server.requests).toHaveLength(2);
      });
    });

    describe('when every attempt fails', () => {
      it.each([502, 500, 408])('should stop after the configured retries with the last error (%i)', async (status) => {
        const server = await serve((_req, res) => sendJson(res, status, {}));
        const { clock, onRetry } = jumpingClock();
        const error = await failure(client({ clock, onRetry, retries: 3 }).getJson(request(server.url, { deadline: clock.now() + 60_000 })));
        expect(error.code).toBe('http_error');
        expect(error.status).toBe(status);
        expect(error.message).toBe(`acme: the server failed (${status}); try again later`);
        expect(server.requests).toHaveLength(4);
      });

      it('should make one attempt when the request says retries: 0', async () => {
        const server = await serve((_req, res) => sendJson(res, 500, {}));
        const error = await failure(client().getJson(request(server.url, { retries: 0 })));
        expect(error.code).toBe('http_error');
        expect(server.requests).toHaveLength(1);
      });
    });

    describe('when the server never answers', () => {
      it('should fail with timeout after requestTimeoutMs (real clock)', async () => {
        const server = await serve(() => undefined);
        const error = await failure(client({ clock: systemClock, requestTimeoutMs: 100, retries: 0 }).getJson(request(server.url)));
        expect(error.code).toBe('timeout');
        expect(error.message).toContain('no answer within 100 ms');
      });

      it('should keep each request inside the deadline and name discovery.timeoutMs as what to raise', async () => {
        const server = await serve(() => undefined);
        const error = await failure(
          client({ clock: systemClock, requestTimeoutMs: 5_000, retries: 0 }).getJson(request(server.url, { deadline: Date.now() + 80 })),
        );
        expect(error.code).toBe('timeout');
        expect(error.message).toMatch(/no answer within [1-8]?\d ms .*; check that it is reachable or raise discovery\.timeoutMs$/);
      });

      it('should name discovery.requestTimeoutMs when the request timeout came before the deadline', async () => {
        const server = await serve(() => undefined);
        const error = await failure(client({ clock: systemClock, requestTimeoutMs: 80, retries: 0 }).getJson(request(server.url)));
        expect(error.message).toMatch(/no answer within 80 ms .*; check that it is reachable or raise discovery\.requestTimeoutMs$/);
      });
    });

    describe('when the deadline is reached before the first attempt', () => {
      it('should fail with timeout, saying to raise discovery.timeoutMs, without sending anything', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, {}));
        const clock = new ManualClock();
        const error = await failure(client({ clock }).getJson(request(server.url, { deadline: clock.now() })));
        expect(error.code).toBe('timeout');
        expect(error.message).toMatch(/deadline passed; raise discovery\.timeoutMs/);
        expect(server.requests).toHaveLength(0);
      });
    });

    describe('when the body never ends', () => {
      it('should cut it off at maxBodyBytes with bad_response', async () => {
        const server = await serve((_req, res) => sendEndlessJson(res, 200, '{"data":['));
        const error = await failure(client({ maxBodyBytes: 64 * 1024 }).getJson(request(server.url)));
        expect(error.code).toBe('bad_response');
        expect(error.status).toBe(200);
        expect(error.message).toContain('larger than 65536 bytes; raise discovery.maxBodyBytes');
      });

      it('should refuse a declared Content-Length over the cap without reading', async () => {
        const server = await serve((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
          res.write('[');
        });
        const error = await failure(client({ maxBodyBytes: 1000 }).getJson(request(server.url)));
        expect(error.code).toBe('bad_response');
      });
    });

    describe.each([
      ['declares its length', true],
      ['is streamed without a length', false],
    ])('when the body %s', (_how, declared) => {
      const text = JSON.stringify({ data: [{ id: 'a' }, { id: 'b' }] });
      const length = Buffer.byteLength(text);

      it.each([
        [length, 'accept it at exactly maxBodyBytes'],
        [length - 1, 'refuse it one byte over maxBodyBytes'],
      ])('with maxBodyBytes %i, should %s', async (maxBodyBytes) => {
        const server = await serve((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(length) } : {}) });
          res.end(text);
        });
        const outcome = await client({ maxBodyBytes })
          .getJson(request(server.url))
          .then(
            (response) => response.body,
            (error: unknown) => (error instanceof ProviderError ? error.code : error),
          );
        expect(outcome).toEqual(maxBodyBytes >= length ? JSON.parse(text) : 'bad_response');
      });
    });

    describe('when the body trickles forever under the cap', () => {
      it('should fail with timeout', async () => {
        const server = await serve((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('[');
          const timer = setInterval(() => res.write(' '), 10);
          res.on('close', () => clearInterval(timer));
        });
        const error = await failure(client({ clock: systemClock, requestTimeoutMs: 150, retries: 0 }).getJson(request(server.url)));
        expect(error.code).toBe('timeout');
      });
    });

    describe('when the body arrives in pieces', () => {
      it('should join them before parsing', async () => {
        const server = await serve((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          const parts = ['{"data":[{"id":"a"},', '{"id":"é"},', '{"id":"c"}]}'];
          const next = (): void => {
            const part = parts.shift();
            if (part === undefined) res.end();
            else res.write(part, () => setTimeout(next, 5));
          };
          next();
        });
        const response = await client().getJson(request(server.url));
        expect(response.body).toEqual({ data: [{ id: 'a' }, { id: 'é' }, { id: 'c' }] });
      });
    });

    describe('when the body is not JSON', () => {
      it('should fail with bad_response and not quote it', async () => {
        const server = await serve((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html>key=sk-secret</html>');
        });
        const error = await failure(client().getJson(request(server.url)));
        expect(error.code).toBe('bad_response');
        expect(error.status).toBe(200);
        expect(error.message).toContain('not valid JSON (200); check baseUrl points at the API');
        expect(error.message).not.toContain('sk-secret');
      });
    });

    describe('when the server redirects within its origin', () => {
      it('should follow, keeping the headers', async () => {
        const server = await serve((_req, res, request) => {
          if (request.path === '/old') {
            res.writeHead(308, { location: '/new?page=2' });
            res.end();
          } else sendJson(res, 200, { at: request.url });
        });
        const response = await client().getJson(request(`${server.url}/old`, { headers: { 'x-api-key': 'k' } }));
        expect(response.body).toEqual({ at: '/new?page=2' });
        expect(response.url.href).toBe(`${server.url}/new?page=2`);
        expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual(['k', 'k']);
      });
    });

    describe('when the server redirects to another origin', () => {
      it('should refuse with http_error, and the other server should receive nothing', async () => {
        const other = await serve((_req, res) => sendJson(res, 200, { data: [] }));
        const server = await serve((_req, res) => {
          res.writeHead(302, { location: `${other.url}/v1/models` });
          res.end();
        });
        const error = await failure(
          client().getJson(request(`${server.url}/v1/models`, { headers: { authorization: 'Bearer sk-secret', 'x-api-key': 'sk-secret' } })),
        );
        expect(error.code).toBe('http_error');
        expect(error.status).toBe(302);
        expect(error.message).toContain(`refused a redirect from ${server.url} to another origin`);
        expect(error.message).not.toContain(other.url);
        const keysSeen = other.requests.flatMap((r) => [r.headers.authorization, r.headers['x-api-key']]);
        expect(keysSeen).toEqual([]);
        expect(other.requests).toEqual([]);
        expect(server.requests).toHaveLength(1);
      });

      it('should refuse a redirect to the same host on another port', async () => {
        const server = await serve((_req, res) => {
          res.writeHead(307, { location: 'http://127.0.0.1:1/models' });
          res.end();
        });
        const error = await failure(client().getJson(request(server.url)));
        expect(error.code).toBe('http_error');
      });

      it('should refuse a redirect from http to https on the same host', async () => {
        const server = await serve((_req, res) => {
          res.writeHead(301, { location: server.url.replace('http:', 'https:') });
          res.end();
        });
        const error = await failure(client().getJson(request(server.url)));
        expect(error.code).toBe('http_error');
        expect(server.requests).toHaveLength(1);
      });
    });

    describe('when redirects go on and on', () => {
      it(`should stop after ${MAX_REDIRECTS}`, async () => {
        const server = await serve((_req, res, request) => {
          res.writeHead(302, { location: `/r${request.path.length}` });
          res.end();
        });
        const error = await failure(client().getJson(request(server.url)));
        expect(error.code).toBe('http_error');
        expect(error.message).toContain(`more than ${MAX_REDIRECTS} redirects`);
        expect(server.requests).toHaveLength(MAX_REDIRECTS + 1);
      });
    });

    describe.each([
      ['no Location', {}],
      ['a Location that is not a URL', { location: 'http://[' }],
    ])('when a redirect has %s', (_what, headers) => {
      it('should fail with http_error, saying to check baseUrl', async () => {
        const server = await serve((_req, res) => {
          res.writeHead(302, headers);
          res.end();
        });
        const error = await failure(client().getJson(request(server.url)));
        expect(error.code).toBe('http_error');
        expect(error.message).toBe('acme: a redirect (302) had no usable Location; check baseUrl');
      });
    });

    describe('when nothing listens', () => {
      it('should fail with network, naming the system error', async () => {
        const server = await startFakeServer(() => undefined);
        await server.close();
        const { clock, onRetry } = jumpingClock();
        const error = await failure(client({ clock, onRetry }).getJson(request(server.url, { deadline: clock.now() + 10_000 })));
        expect(error.code).toBe('network');
        expect(error.message).toContain('could not reach http://127.0.0.1');
        expect(error.message).toContain('ECONNREFUSED');
      });
    });

    describe('when fetch refuses the port (6000, kept for X11)', () => {
      it('should fail with network, naming no system code where there is none', async () => {
        const error = await failure(client({ retries: 0 }).getJson(request('http://127.0.0.1:6000/v1/models')));
        expect(error.code).toBe('network');
        expect(error.message).toBe('acme: could not reach http://127.0.0.1:6000; check baseUrl, the network and any proxy settings');
      });
    });

    describe('when the dispatcher fails with an error of an unusual shape', () => {
      const withCode = (code: string, cause?: unknown): Error => Object.assign(new Error('failed', { cause }), { code });
      const looping = new Error('loops');
      looping.cause = looping;

      it.each([
        ['a code holding free text, over a system code below it', withCode('E_PROXY Bearer sk-secret-1 REJECTED', withCode('ECONNRESET')), ' (ECONNRESET)'],
        ['a cause that is null', new Error('failed', { cause: null }), ''],
        ['a cause chain that loops', looping, ''],
      ])('should fail with network, naming only a system code (%s)', async (_shape, cause, named) => {
        const url = 'https://gateway.example/v1/models';
        const error = await failure(client({ retries: 0, dispatcher: new FailingDispatcher(cause) }).getJson(request(url)));
        expect(error.code).toBe('network');
        expect(error.message).toBe(`acme: could not reach https://gateway.example${named}; check baseUrl, the network and any proxy settings`);
      });
    });

    describe('when the connection drops once, then the server answers', () => {
      it('should retry the network error and return the answer', async () => {
        let calls = 0;
        const server = await serve((req, res) => {
          calls++;
          if (calls === 1) req.socket.destroy();
          else sendJson(res, 200, { ok: true });
        });
        const { clock, waits, onRetry } = jumpingClock();
        const response = await client({ clock, onRetry }).getJson(request(server.url, { deadline: clock.now() + 10_000 }));
        expect(response.body).toEqual({ ok: true });
        expect(waits).toHaveLength(1);
        expect(server.requests).toHaveLength(2);
      });
    });

    describe('when a header value is not allowed in HTTP', () => {
      it('should fail without quoting the value', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, {}));
        const error = await failure(client().getJson(request(server.url, { headers: { authorization: 'Bearer sk-se\ncret' } })));
        expect(error.code).toBe('failed');
        expect(error.message).toContain('a request header (apiKey or headers in the config) holds characters HTTP does not allow');
        expect(error.message).not.toContain('sk-se');
        expect(server.requests).toHaveLength(0);
      });
    });

    describe("when the caller's signal outlives the call", () => {
      it('should leave no listener on it, retries included', async () => {
        let calls = 0;
        const server = await serve((_req, res) => {
          calls++;
          if (calls === 1) sendJson(res, 503, {});
          else sendJson(res, 200, { ok: true });
        });
        const controller = new AbortController();
        const { clock, onRetry } = jumpingClock();
        await client({ clock, onRetry }).getJson(request(server.url, { signal: controller.signal, deadline: clock.now() + 10_000 }));
        // A long-lived signal (a server's) passed to every discovery would otherwise gather listeners.
        expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
        expect(server.requests).toHaveLength(2);
      });
    });

    describe('when the caller aborts', () => {
      it('should abort the fetch in flight, not wait for the request timeout', async () => {
        let closed: () => void = () => undefined;
        const requestClosed = new Promise<void>((resolve) => (closed = resolve));
        const server = await serve((req) => {
          req.socket.on('close', closed);
        });
        const controller = new AbortController();
        const retries: RetryEvent[] = [];
        // A clock whose timers never fire: only the caller's signal can end this request.
        const pending = client({ clock: new ManualClock(), requestTimeoutMs: 600_000, onRetry: (event) => retries.push(event) }).getJson(
          request(server.url, { signal: controller.signal, deadline: Number.MAX_SAFE_INTEGER }),
        );
        while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        const reason = new Error('stop');
        controller.abort(reason);
        await expect(pending).rejects.toBe(reason);
        await requestClosed;
        // The abort broke the connection: that is not a network failure to retry.
        expect(retries).toEqual([]);
      });

      it('should reject with the signal reason during a backoff wait', async () => {
        const server = await serve((_req, res) => sendJson(res, 500, {}));
        const controller = new AbortController();
        const reason = new Error('stop');
        const clock = new ManualClock();
        const pending = client({ clock, onRetry: () => setImmediate(() => controller.abort(reason)) }).getJson(
          request(server.url, { signal: controller.signal, deadline: clock.now() + 10_000 }),
        );
        await expect(pending).rejects.toBe(reason);
        expect(server.requests).toHaveLength(1);
        expect(clock.pendingTimers).toBe(0);
        expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
      });

      it('should not wait out the backoff when it aborts from onRetry', async () => {
        const server = await serve((_req, res) => sendJson(res, 500, {}));
        const controller = new AbortController();
        const reason = new Error('stop');
        // Never advanced: a backoff waited out would never end.
        const clock = new ManualClock();
        const pending = client({ clock, onRetry: () => controller.abort(reason) }).getJson(
          request(server.url, { signal: controller.signal, deadline: clock.now() + 10_000 }),
        );
        await expect(pending).rejects.toBe(reason);
        expect(clock.pendingTimers).toBe(0);
      });

      it('should not start when the signal is already aborted', async () => {
        const server = await serve((_req, res) => sendJson(res, 200, {}));
        const controller = new AbortController();
        controller.abort(new Error('early'));
        await expect(client().getJson(request(server.url, { signal: controller.signal }))).rejects.toThrow('early');
        expect(server.requests).toHaveLength(0);
      });
    });
  });

  describe('constructor', () => {
    it.each([
      [{ requestTimeoutMs: 0 }, 'requestTimeoutMs'],
      [{ retries: -1 }, 'retries'],
      [{ retries: 1.5 }, 'retries'],
      [{ maxBodyBytes: Number.NaN }, 'maxBodyBytes'],
      [{ backoffBaseMs: 0 }, 'backoffBaseMs'],
      [{ backoffMaxMs: -1 }, 'backoffMaxMs'],
    ])('should reject %p naming the option', (options, name) => {
      expect(() => client(options)).toThrow(name);
    });
  });
});
