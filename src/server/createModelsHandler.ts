import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { BodyLimits, CoreRequest } from './core/CoreRequest.js';
import { ModelsCore } from './core/ModelsCore.js';
import { resolveHandlerOptions, type ModelsHandlerOptions } from './ModelsHandlerOptions.js';
import { hasBody, readBody } from './readBody.js';
import { writeNodeResponse } from './writeNodeResponse.js';

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

/**
 * Creates the Node HTTP handler for `GET /v1/models` (OpenAI's list shape, with an ETag),
 * `GET /v1/models/{scoped id}`, `GET /v1/models/complete?q=`, `POST /v1/models/refresh`
 * (only with an `adminToken`), `GET /v1/models/events` (Server-Sent Events), `GET /healthz` and
 * `GET /metrics` (only with `metrics`). Nothing a client sends can throw out of it: bad requests
 * get OpenAI-style error bodies. `createModelsFetchHandler` is the same handler for `Request → Response`.
 * @throws {ScopedModelsError} `invalid_option` for a bad option.
 * @example
 * const server = http.createServer(createModelsHandler(manager, { adminToken: process.env.ADMIN_TOKEN }));
 */
export function createModelsHandler(reader: ModelCatalogReader, options: ModelsHandlerOptions = {}): ModelsHandler {
  const core = new ModelsCore<IncomingMessage>(reader, resolveHandlerOptions(options), options.tenant, 'createModelsHandler');
  const handler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void => {
    const request = new NodeRequest(req);
    const result = core.handle(request, req);
    if (result === undefined && next !== undefined) {
      next();
      return;
    }
    const response = result ?? core.notFound(request);
    if (response instanceof Promise) void response.then((settled) => writeNodeResponse(req, res, settled));
    else writeNodeResponse(req, res, response);
  };
  return Object.defineProperties(handler, {
    close: { value: () => core.close() },
    eventClients: { get: () => core.eventClients },
  }) as ModelsHandler;
}

/** Node's request as the core reads it; a class, so a request costs no closures. */
class NodeRequest implements CoreRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly #req: IncomingMessage;

  constructor(req: IncomingMessage) {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    this.#req = req;
    this.method = req.method ?? 'GET';
    this.path = mark === -1 ? url : url.slice(0, mark);
    this.rawQuery = mark === -1 ? '' : url.slice(mark + 1);
  }

  get hasBody(): boolean {
    return hasBody(this.#req);
  }

  header(name: string): string | undefined {
    const value = this.#req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  readBody(limits: BodyLimits): Promise<Uint8Array> {
    return readBody(this.#req, { maxBytes: limits.maxBytes, timeoutMs: limits.timeoutMs, clock: limits.clock });
  }
}
