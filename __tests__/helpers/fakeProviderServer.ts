import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './listenOnLoopback.js';

/** One request a fake server received, as it arrived. */
export interface RecordedRequest {
  method: string;
  /** The path with its query, e.g. `/v1/models?limit=1000`. */
  url: string;
  /** The path alone, e.g. `/v1/models`. */
  path: string;
  query: URLSearchParams;
  /** Header names are lower-case (node:http). */
  headers: IncomingHttpHeaders;
}

/** Answers one request; may be async. `request` is the recorded form of `req`. */
export type FakeHandler = (req: IncomingMessage, res: ServerResponse, request: RecordedRequest) => void | Promise<void>;

/** A running fake server on 127.0.0.1. */
export interface FakeServer {
  /** The origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Every request received so far, oldest first. */
  requests: RecordedRequest[];
  /** Stops the server and drops open connections (a handler that never answers included). */
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 with a free port; `handler` answers every request.
 * A handler that throws answers 500.
 * @example
 * const server = await startFakeServer((_req, res) => sendJson(res, 200, { data: [] }));
 * await server.close();
 */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
    };
    requests.push(request);
    Promise.resolve()
      .then(() => handler(req, res, request))
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: 'fake server handler failed' } });
        else res.destroy();
      });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, requests, close };
}

/** Sends `body` as JSON with `status` and any extra `headers`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends a JSON body with `status` that starts with `opening` and never ends: spaces for as long as the client reads. */
export function sendEndlessJson(res: ServerResponse, status: number, opening = ''): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(16 * 1024, 0x20);
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.write(opening);
  pump();
}

/** An entry of an OpenAI-shaped list: an id, or a whole object with extra fields. */
export type OpenAiModelEntry = string | ({ id: string } & Record<string, unknown>);

/** Options of {@link startOpenAiServer}. */
export interface OpenAiServerOptions {
  /** The models listed; a string becomes `{ id, object: "model", created, owned_by: "system" }`. */
  models: readonly OpenAiModelEntry[];
  /** Waits this many milliseconds (real time) before answering. Default 0. */
  delayMs?: number;
  /** When set, a request without `Authorization: Bearer <apiKey>` gets OpenAI's 401. */
  apiKey?: string;
  /** The path prefix of the API. Default `/v1` (so the list is `GET /v1/models`). */
  basePath?: string;
}

/** A fake OpenAI-compatible server. */
export interface OpenAiServer extends FakeServer {
  /** The base URL an adapter is configured with: `url + basePath`, e.g. `http://127.0.0.1:41234/v1`. */
  baseUrl: string;
  /** How many `GET {basePath}/models` requests arrived (authorised or not). */
  readonly modelRequests: number;
  /** Replaces the listed models for later requests. */
  setModels(models: readonly OpenAiModelEntry[]): void;
}

/**
 * Starts a server answering `GET {basePath}/models` like OpenAI
 * (`{ object: "list", data: [...] }`); any other path gets OpenAI's 404.
 * @example
 * const server = await startOpenAiServer({ models: ['gpt-4o', 'text-embedding-3-small'], apiKey: 'sk-test' });
 * // config: { name: 'openai', type: 'openai', baseUrl: server.baseUrl, apiKey: 'sk-test' }
 */
export async function startOpenAiServer(options: OpenAiServerOptions): Promise<OpenAiServer> {
  const basePath = options.basePath ?? '/v1';
  let models = options.models;
  let modelRequests = 0;
  const server = await startFakeServer(async (_req, res, request) => {
    if (request.method !== 'GET' || request.path !== `${basePath}/models`) {
      sendJson(res, 404, openAiError('Not found', 'invalid_request_error', 'unknown_url'));
      return;
    }
    modelRequests += 1;
    if (options.delayMs !== undefined && options.delayMs > 0) await delay(options.delayMs, res);
    if (res.destroyed) return;
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendJson(res, 401, openAiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    sendJson(res, 200, { object: 'list', data: models.map(toOpenAiModel) });
  });
  return {
    ...server,
    baseUrl: `${server.url}${basePath}`,
    get modelRequests() {
      return modelRequests;
    },
    setModels(next) {
      models = next;
    },
  };
}

/** An OpenAI-shaped error body. */
export function openAiError(message: string, type: string, code: string | null): unknown {
  return { error: { message, type, param: null, code } };
}

function toOpenAiModel(entry: OpenAiModelEntry): Record<string, unknown> {
  const base = { object: 'model', created: 1_715_367_049, owned_by: 'system' };
  return typeof entry === 'string' ? { id: entry, ...base } : { ...base, ...entry };
}

/** Waits `ms` of real time, ending early when the client goes away. */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
