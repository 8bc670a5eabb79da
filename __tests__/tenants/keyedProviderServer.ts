import { openAiError, sendJson, startFakeServer, type FakeServer } from '../helpers/fakeProviderServer.js';

/** An OpenAI-compatible server whose list depends on the `Authorization: Bearer` key. */
export interface KeyedProviderServer extends FakeServer {
  /** `url + /v1`, for a provider's `baseUrl`. */
  baseUrl: string;
  /** Model ids each accepted key lists; any other key gets OpenAI's 401. Mutable. */
  lists: Map<string, string[]>;
  /** `GET /v1/models` requests received per key (the empty string for none). */
  requestsFor(key: string): number;
  /** Every `GET /v1/models` request received. */
  readonly modelRequests: number;
}

/** Starts a server on 127.0.0.1 that answers each key with that key's own models, after `delayMs` of real time. */
export async function startKeyedProviderServer(lists: Record<string, string[]>, options: { delayMs?: number } = {}): Promise<KeyedProviderServer> {
  const byKey = new Map(Object.entries(lists));
  const counts = new Map<string, number>();
  let modelRequests = 0;
  const server = await startFakeServer(async (_req, res, request) => {
    if (request.path !== '/v1/models') {
      sendJson(res, 404, openAiError('Not found', 'invalid_request_error', 'unknown_url'));
      return;
    }
    modelRequests += 1;
    const authorization = request.headers.authorization ?? '';
    const key = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const models = byKey.get(key);
    if (models === undefined) {
      sendJson(res, 401, openAiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'org' })) });
  });
  return {
    ...server,
    baseUrl: `${server.url}/v1`,
    lists: byKey,
    requestsFor: (key) => counts.get(key) ?? 0,
    get modelRequests() {
      return modelRequests;
    },
  };
}
