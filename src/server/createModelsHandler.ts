import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProviderManager } from '../manager/ProviderManager.js';
import { CompletionRoute } from './CompletionRoute.js';
import { EventStream } from './EventStream.js';
import { healthBody } from './healthBody.js';
import { HttpError } from './HttpError.js';
import { ModelListResponder } from './ModelListResponder.js';
import { resolveHandlerOptions, type ModelsHandlerOptions } from './ModelsHandlerOptions.js';
import { modelRoute } from './modelRoute.js';
import { tooLarge } from './readBody.js';
import { RefreshRoute } from './RefreshRoute.js';
import { INTERNAL_ERROR, sendError, sendJson } from './respond.js';

/**
 * A Node request handler serving the catalog; mount it on `node:http`, Express or anything that
 * hands over Node's request and response. Given `next` (Express), paths it does not serve go there.
 */
export interface ModelsHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** Ends every event stream and stops the heartbeat; later event-stream requests get a 503. */
  close(): void;
  /** Event-stream clients connected now. */
  readonly eventClients: number;
}

/** Methods a route answers, and the `Allow` header a 405 names them in. */
interface Methods {
  readonly list: readonly string[];
  readonly allow: string;
}
const READ_METHODS: Methods = { list: ['GET', 'HEAD'], allow: 'GET, HEAD' };
const GET_ONLY: Methods = { list: ['GET'], allow: 'GET' };
const POST_ONLY: Methods = { list: ['POST'], allow: 'POST' };

/**
 * Creates the HTTP handler for `GET /v1/models` (OpenAI's list shape, with an ETag),
 * `GET /v1/models/{scoped id}`, `GET /v1/models/complete?q=`, `POST /v1/models/refresh`
 * (only with an `adminToken`), `GET /v1/models/events` (Server-Sent Events) and `GET /healthz`.
 * Nothing a client sends can throw out of it: bad requests get OpenAI-style error bodies.
 * @throws {ScopedModelsError} `invalid_option` for a bad option.
 * @example
 * const server = http.createServer(createModelsHandler(manager, { adminToken: process.env.ADMIN_TOKEN }));
 */
export function createModelsHandler(manager: ProviderManager, options: ModelsHandlerOptions = {}): ModelsHandler {
  const settings = resolveHandlerOptions(options);
  const list = new ModelListResponder(manager);
  const completion = new CompletionRoute(manager, { maxItems: settings.maxCompletions });
  const events = new EventStream(manager, {
    clock: settings.clock,
    heartbeatMs: settings.heartbeatMs,
    maxClients: settings.maxEventClients,
  });
  const refresh =
    settings.adminToken === undefined
      ? undefined
      : new RefreshRoute(manager, {
          adminToken: settings.adminToken,
          maxBodyBytes: settings.maxBodyBytes,
          bodyTimeoutMs: settings.bodyTimeoutMs,
          clock: settings.clock,
        });
  const modelsPath = `${settings.basePath}/v1/models`;
  const modelPrefix = `${modelsPath}/`;
  const healthPath = `${settings.basePath}/healthz`;

  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown): void => {
    try {
      if (error instanceof HttpError) {
        sendError(res, error);
        return;
      }
      const detail = error instanceof Error ? error.message : String(error);
      settings.logger.warn(`${req.method ?? '?'} ${pathOf(req)} failed: ${detail}`);
      sendError(res, INTERNAL_ERROR);
    } catch {
      res.destroy();
    }
  };

  // The read routes take no body: one declared too large is refused before Node drains it.
  // (The refresh route checks its token first, then the size.)
  const allowRead = (req: IncomingMessage, methods: Methods): void => {
    allow(req, methods);
    if (Number(req.headers['content-length'] ?? 0) > settings.maxBodyBytes) throw tooLarge(settings.maxBodyBytes);
  };

  const route = (req: IncomingMessage, res: ServerResponse, next: ((error?: unknown) => void) | undefined): void => {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const rawQuery = mark === -1 ? '' : url.slice(mark + 1);
    if (path === modelsPath) {
      allowRead(req, READ_METHODS);
      list.respond(req, res, rawQuery);
    } else if (path.startsWith(modelPrefix)) {
      const rest = path.slice(modelPrefix.length);
      if (rest === 'complete') {
        allowRead(req, READ_METHODS);
        completion.respond(res, rawQuery);
      } else if (rest === 'events') {
        allowRead(req, GET_ONLY);
        events.add(req, res);
      } else if (rest === 'refresh') {
        if (refresh === undefined) return unmatched(req, path, next);
        allow(req, POST_ONLY);
        refresh.handle(req, res).catch((error: unknown) => fail(req, res, error));
      } else {
        allowRead(req, READ_METHODS);
        modelRoute(manager, res, rest);
      }
    } else if (path === healthPath) {
      allowRead(req, READ_METHODS);
      sendJson(res, 200, healthBody(manager), { 'cache-control': 'no-store' });
    } else {
      unmatched(req, path, next);
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void => {
    try {
      route(req, res, next);
    } catch (error) {
      fail(req, res, error);
    }
  };
  return Object.defineProperties(handler, {
    close: { value: () => events.close() },
    eventClients: { get: () => events.size },
  }) as ModelsHandler;
}

function allow(req: IncomingMessage, methods: Methods): void {
  const method = req.method ?? 'GET';
  if (methods.list.includes(method)) return;
  throw new HttpError(405, 'method_not_allowed', `${clip(method)} is not allowed here; use ${methods.allow}`, {
    headers: { allow: methods.allow },
  });
}

function unmatched(req: IncomingMessage, path: string, next: ((error?: unknown) => void) | undefined): void {
  if (next !== undefined) {
    next();
    return;
  }
  throw new HttpError(404, 'unknown_url', `unknown request URL: ${clip(req.method ?? 'GET')} ${clip(path)}; see GET /v1/models`);
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  return clip(mark === -1 ? url : url.slice(0, mark));
}

/** Client text echoed in a message is cut short. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
