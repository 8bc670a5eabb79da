import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { CoreRequest } from './core/CoreRequest.js';
import type { CoreResponse, EventSink, StreamResponse } from './core/CoreResponse.js';
import { ModelsCore } from './core/ModelsCore.js';
import { resolveHandlerOptions, type ModelsCoreOptions, type TenantResolver } from './ModelsHandlerOptions.js';
import { readWebBody } from './readWebBody.js';

/** Options of {@link createModelsFetchHandler}: those of `createModelsHandler`, with `tenant` reading a Web `Request`. */
export interface ModelsFetchHandlerOptions extends ModelsCoreOptions {
  /**
   * Serves each tenant from its own view (`reader.forTenant`): `/v1/models`, `/v1/models/{id}`,
   * `/complete` and `/events`, marked `Cache-Control: private`. Default: everyone gets the shared catalog.
   */
  tenant?: TenantResolver<Request> | undefined;
}

/** A Web-standard handler (`Request → Response`) serving the catalog: Hono, Next.js route handlers, Bun, Deno. */
export interface ModelsFetchHandler {
  (request: Request): Promise<Response>;
  /** Ends every event stream; later event-stream requests get a 503. */
  close(): void;
  /** Event-stream clients connected now. */
  readonly eventClients: number;
}

/**
 * Creates the same handler as `createModelsHandler`, with the same routes, options and answers,
 * for runtimes that speak `Request` and `Response`. A path it does not serve gets a 404; mount it
 * on the paths it owns (`/v1/models`, `/v1/models/*`, `/healthz`, `/metrics`) to share a server.
 * @throws {ScopedModelsError} `invalid_option` for a bad option.
 * @example
 * const handler = createModelsFetchHandler(manager);
 * app.get('/v1/models/*', (c) => handler(c.req.raw)); // Hono
 */
export function createModelsFetchHandler(reader: ModelCatalogReader, options: ModelsFetchHandlerOptions = {}): ModelsFetchHandler {
  const factory = 'createModelsFetchHandler';
  const core = new ModelsCore<Request>(reader, resolveHandlerOptions(options, factory), options.tenant, factory);
  const handler = async (request: Request): Promise<Response> => {
    const coreRequest = webRequest(request);
    const response = (await core.handle(coreRequest, request)) ?? core.notFound(coreRequest);
    return webResponse(response, request.signal);
  };
  return Object.defineProperties(handler, {
    close: { value: () => core.close() },
    eventClients: { get: () => core.eventClients },
  }) as ModelsFetchHandler;
}

function webRequest(request: Request): CoreRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
    rawQuery: url.search.slice(1),
    hasBody: request.body !== null,
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: (limits) => readWebBody(request, limits),
  };
}

function webResponse(response: CoreResponse, signal: AbortSignal): Response {
  if (response.kind === 'stream') return new Response(eventBody(response, signal), { status: response.status, headers: response.headers });
  // A fetch runtime manages its own connections: closeConnection has nothing to act on here.
  const body = response.body === undefined ? null : typeof response.body === 'string' ? response.body : new Uint8Array(response.body);
  return new Response(body, { status: response.status, headers: response.headers });
}

/** The event stream as a body; the client going away (a cancel, or the request's signal) ends it. */
function eventBody(response: StreamResponse, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const listeners: (() => void)[] = [];
  let open = true;
  const gone = (): void => {
    open = false;
    for (const listener of listeners.splice(0)) listener();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const sink: EventSink = {
          write: (text) => {
            if (open) controller.enqueue(encoder.encode(text));
          },
          get buffered() {
            return Math.max(0, -(controller.desiredSize ?? 0));
          },
          end: () => {
            if (open) controller.close();
            open = false;
          },
          destroy: () => {
            if (open) controller.error(new Error('the event-stream client was too slow and was cut off'));
            open = false;
          },
          onClose: (listener) => listeners.push(listener),
        };
        signal.addEventListener('abort', gone, { once: true });
        response.open(sink);
        // A signal aborted before the body started fires no event: the client is gone already.
        if (signal.aborted) gone();
      },
      cancel: gone,
    },
    // Nothing is queued ahead of the client, so desiredSize tells how far behind it is, in bytes.
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
}
