import { sendJson, startFakeServer, type FakeServer } from './fakeProviderServer.js';

/** Options shared by the fake provider servers. */
export interface FakeProviderOptions<M> {
  /** The models listed, in the provider's own entry shape. */
  models: readonly M[];
  /** When set, requests without this key get the provider's 401. */
  apiKey?: string;
  /** The largest page served, whatever the client asks. Default: the client's page size. */
  maxPageSize?: number;
}

/** An Anthropic model entry as the API sends it (trimmed). */
export interface AnthropicModel {
  id: string;
  display_name?: string;
  created_at?: string;
  type?: string;
  [field: string]: unknown;
}

/**
 * `GET /v1/models` like Anthropic: `x-api-key` + `anthropic-version` required, `limit`
 * (default 20) and `after_id` paging, `{ data, has_more, first_id, last_id }`.
 */
export async function startAnthropicServer(options: FakeProviderOptions<AnthropicModel>): Promise<FakeServer> {
  return startFakeServer((_req, res, request) => {
    if (request.path !== '/v1/models') return sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
    if (request.headers['anthropic-version'] === undefined) {
      return sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
    }
    if (options.apiKey !== undefined && request.headers['x-api-key'] !== options.apiKey) {
      return sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    }
    const limit = Math.min(Number(request.query.get('limit') ?? 20), options.maxPageSize ?? Infinity);
    const afterId = request.query.get('after_id');
    const start = afterId === null ? 0 : options.models.findIndex((model) => model.id === afterId) + 1;
    const data = options.models.slice(start, start + limit).map((model) => ({ type: 'model', created_at: '2025-01-01T00:00:00Z', ...model }));
    sendJson(res, 200, {
      data,
      has_more: start + limit < options.models.length,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    });
  });
}

/** A Gemini model entry as the API sends it (trimmed). */
export interface GeminiModel {
  name: string;
  displayName?: string;
  inputTokenLimit?: number;
  supportedGenerationMethods?: string[];
  [field: string]: unknown;
}

/** Google's answer to a bad key, as reported verbatim in continuedev/continue issue #8516. */
export const GEMINI_BAD_KEY = {
  error: {
    code: 400,
    message: 'API key not valid. Please pass a valid API key.',
    status: 'INVALID_ARGUMENT',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
    ],
  },
};

/** Google's answer where the API is not offered to the caller's region. */
export const GEMINI_LOCATION_UNSUPPORTED = {
  error: { code: 400, message: 'User location is not supported for the API use.', status: 'FAILED_PRECONDITION' },
};

/**
 * `GET /v1beta/models` like Gemini: `x-goog-api-key` required, `pageSize` (default 50) and
 * `pageToken` paging, `{ models, nextPageToken }`.
 */
export async function startGeminiServer(options: FakeProviderOptions<GeminiModel>): Promise<FakeServer> {
  return startFakeServer((_req, res, request) => {
    if (request.path !== '/v1beta/models') return sendJson(res, 404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
    if (options.apiKey !== undefined && request.headers['x-goog-api-key'] !== options.apiKey) {
      return sendJson(res, 400, GEMINI_BAD_KEY);
    }
    const pageSize = Math.min(Number(request.query.get('pageSize') ?? 50), options.maxPageSize ?? Infinity);
    const start = Number(Buffer.from(request.query.get('pageToken') ?? '', 'base64').toString() || '0');
    const models = options.models.slice(start, start + pageSize);
    const next = start + pageSize < options.models.length ? Buffer.from(String(start + pageSize)).toString('base64') : undefined;
    sendJson(res, 200, next === undefined ? { models } : { models, nextPageToken: next });
  });
}

/** An Ollama `/api/tags` entry (trimmed). */
export interface OllamaModel {
  name: string;
  model?: string;
  details?: { family?: string; families?: string[] | null; [field: string]: unknown };
  [field: string]: unknown;
}

/** `GET /api/tags` like Ollama: no key, no paging, `{ models }`. */
export async function startOllamaServer(options: { models: readonly OllamaModel[] }): Promise<FakeServer> {
  return startFakeServer((_req, res, request) => {
    if (request.path !== '/api/tags') return sendJson(res, 404, { error: '404 page not found' });
    sendJson(res, 200, {
      models: options.models.map((model) => ({
        model: model.name,
        modified_at: '2025-10-03T23:34:03.409490317-07:00',
        size: 2019393189,
        digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
        ...model,
        details: { parent_model: '', format: 'gguf', families: [model.details?.family ?? 'llama'], ...model.details },
      })),
    });
  });
}

/** An OpenRouter model entry (trimmed). */
export interface OpenRouterModel {
  id: string;
  name?: string;
  context_length?: number;
  architecture?: { input_modalities?: string[]; output_modalities?: string[]; [field: string]: unknown };
  [field: string]: unknown;
}

/** `GET /api/v1/models` like OpenRouter: key optional, `{ data }`; with `pageSize`, pages by `links.next`. */
export async function startOpenRouterServer(options: { models: readonly OpenRouterModel[]; pageSize?: number }): Promise<FakeServer> {
  return startFakeServer((_req, res, request) => {
    if (request.path !== '/api/v1/models') return sendJson(res, 404, { error: { message: 'Not Found', code: 404 } });
    const offset = Number(request.query.get('offset') ?? 0);
    const size = options.pageSize ?? options.models.length;
    const data = options.models.slice(offset, offset + size);
    const more = offset + size < options.models.length;
    sendJson(res, 200, more ? { data, links: { next: `/api/v1/models?offset=${offset + size}` } } : { data });
  });
}
