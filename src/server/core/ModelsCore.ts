import { ScopedModelsError } from '../../errors/ScopedModelsError.js';
import type { ModelCatalogReader, TenantAwareCatalog, TenantIdentity } from '../../manager/ModelCatalogReader.js';
import { createModelMetrics, type ModelMetrics } from '../../observability/createModelMetrics.js';
import { EventStream } from '../EventStream.js';
import { healthBody } from '../healthBody.js';
import { HttpError } from '../HttpError.js';
import type { ResolvedHandlerOptions, TenantResolver } from '../ModelsHandlerOptions.js';
import { modelRoute } from '../modelRoute.js';
import { parseModelsQuery } from '../parseModelsQuery.js';
import { tooLarge } from '../readBody.js';
import { RefreshRoute } from '../RefreshRoute.js';
import type { CoreRequest } from './CoreRequest.js';
import type { BodyResponse, CoreResponse } from './CoreResponse.js';
import { errorResponse, INTERNAL_ERROR, jsonResponse } from './jsonResponse.js';
import { readerRoutes, type ReaderRoutes } from './ReaderRoutes.js';

/** Methods a route answers, and the `Allow` header a 405 names them in. */
interface Methods {
  readonly list: readonly string[];
  readonly allow: string;
}
const READ_METHODS: Methods = { list: ['GET', 'HEAD'], allow: 'GET, HEAD' };
const GET_ONLY: Methods = { list: ['GET'], allow: 'GET' };
const POST_ONLY: Methods = { list: ['POST'], allow: 'POST' };

/** An answer now, or once something asynchronous (a tenant, a refresh, metrics) is done. */
export type CoreResult = CoreResponse | Promise<CoreResponse>;

/**
 * Maps a request to a response for every route, whatever server carries it: the Node and the
 * fetch handlers are thin adapters over this, so they cannot drift apart. `Raw` is the adapter's
 * own request type, handed to the `tenant` option.
 */
export class ModelsCore<Raw> {
  readonly #settings: ResolvedHandlerOptions;
  readonly #shared: ReaderRoutes;
  /** Set with option `tenant`: who asks, and the catalog that answers per tenant. */
  readonly #tenancy: { readonly of: TenantResolver<Raw>; readonly catalog: TenantAwareCatalog } | undefined;
  /** One set of routes per tenant view, as long as the view lives. */
  readonly #views = new WeakMap<ModelCatalogReader, ReaderRoutes>();
  readonly #events: EventStream;
  readonly #refresh: RefreshRoute | undefined;
  readonly #metrics: ModelMetrics | undefined;
  readonly #modelsPath: string;
  readonly #modelPrefix: string;
  readonly #healthPath: string;
  readonly #metricsPath: string;

  /** @throws {ScopedModelsError} `invalid_option` when `tenantOf` is given and `reader` has no `forTenant`. */
  constructor(reader: ModelCatalogReader, settings: ResolvedHandlerOptions, tenantOf: TenantResolver<Raw> | undefined, factory: string) {
    this.#settings = settings;
    this.#shared = readerRoutes(reader, false, settings.maxCompletions);
    if (tenantOf !== undefined && typeof (reader as Partial<TenantAwareCatalog>).forTenant !== 'function') {
      throw new ScopedModelsError(
        'invalid_option',
        `${factory}: option tenant needs a reader that can answer per tenant (with forTenant, as ProviderManager has); this one cannot`,
      );
    }
    this.#tenancy = tenantOf === undefined ? undefined : { of: tenantOf, catalog: reader as ModelCatalogReader & TenantAwareCatalog };
    this.#metrics = settings.metrics === undefined ? undefined : createModelMetrics(reader, { registry: settings.metrics.registry });
    this.#events = new EventStream({
      clock: settings.clock,
      heartbeatMs: settings.heartbeatMs,
      maxClients: settings.maxEventClients,
      gauge: this.#metrics?.sseClients,
    });
    this.#refresh =
      settings.adminToken === undefined
        ? undefined
        : new RefreshRoute(reader, { adminToken: settings.adminToken, maxBodyBytes: settings.maxBodyBytes, bodyTimeoutMs: settings.bodyTimeoutMs, clock: settings.clock });
    this.#modelsPath = `${settings.basePath}/v1/models`;
    this.#modelPrefix = `${this.#modelsPath}/`;
    this.#healthPath = `${settings.basePath}/healthz`;
    this.#metricsPath = `${settings.basePath}/metrics`;
  }

  /** Event-stream clients connected now. */
  get eventClients(): number {
    return this.#events.size;
  }

  /**
   * The answer to `request`, or `undefined` for a path this handler does not serve (the adapter
   * passes it on or answers {@link notFound}). Never throws, and a returned promise never rejects:
   * a bad request gets an OpenAI-style error, anything unexpected a bare 500 and a log line.
   */
  handle(request: CoreRequest, raw: Raw): CoreResult | undefined {
    try {
      const result = this.#route(request, raw);
      if (result === undefined) return undefined;
      if (result instanceof Promise) return result.then((response) => this.#finish(request, response), (error: unknown) => this.#fail(request, error));
      return this.#finish(request, result);
    } catch (error) {
      return this.#fail(request, error);
    }
  }

  /** The 404 for a path this handler does not serve. */
  notFound(request: CoreRequest): BodyResponse {
    return errorResponse(new HttpError(404, 'unknown_url', `unknown request URL: ${clip(request.method)} ${clip(request.path)}; see GET /v1/models`));
  }

  /** Ends every event stream (later ones get a 503) and unregisters the metrics. */
  close(): void {
    this.#events.close();
    this.#metrics?.close();
  }

  #route(request: CoreRequest, raw: Raw): CoreResult | undefined {
    const { path } = request;
    if (path === this.#modelsPath) {
      this.#allowRead(request, READ_METHODS);
      return this.#asAsked(raw, (routes) =>
        routes.list.respond(
          parseModelsQuery(request.rawQuery, () => providerNames(routes.reader)),
          request.header('if-none-match'),
        ),
      );
    }
    if (path.startsWith(this.#modelPrefix)) return this.#modelRoute(request, raw, path.slice(this.#modelPrefix.length));
    if (path === this.#healthPath) {
      this.#allowRead(request, READ_METHODS);
      return jsonResponse(200, healthBody(this.#shared.reader), { 'cache-control': 'no-store' });
    }
    if (path === this.#metricsPath && this.#metrics !== undefined) {
      this.#allowRead(request, READ_METHODS);
      return this.#metricsResponse(this.#metrics);
    }
    return undefined;
  }

  #modelRoute(request: CoreRequest, raw: Raw, rest: string): CoreResult | undefined {
    switch (rest) {
      case 'complete':
        this.#allowRead(request, READ_METHODS);
        return this.#asAsked(raw, (routes) => routes.completion.respond(request.rawQuery));
      case 'events':
        this.#allowRead(request, GET_ONLY);
        return this.#asAsked(raw, (routes) => this.#events.open(routes.reader, routes.isPrivate));
      case 'refresh':
        if (this.#refresh === undefined) return undefined;
        allow(request, POST_ONLY);
        return this.#refresh.handle(request);
      default:
        this.#allowRead(request, READ_METHODS);
        return this.#asAsked(raw, (routes) => modelRoute(routes.reader, rest, routes.cacheControl));
    }
  }

  /** Runs `answer` over the routes of whoever asks: the tenant's view, or the shared catalog. */
  #asAsked(raw: Raw, answer: (routes: ReaderRoutes) => CoreResponse): CoreResult {
    const tenancy = this.#tenancy;
    if (tenancy === undefined) return answer(this.#shared);
    const identity = tenancy.of(raw);
    if (identity instanceof Promise) return identity.then((resolved) => answer(this.#routesOf(tenancy.catalog, resolved)));
    return answer(this.#routesOf(tenancy.catalog, identity));
  }

  #routesOf(catalog: TenantAwareCatalog, identity: TenantIdentity | undefined): ReaderRoutes {
    if (identity === undefined) return this.#shared;
    const view = catalog.forTenant(identity);
    let routes = this.#views.get(view);
    if (routes === undefined) {
      routes = readerRoutes(view, true, this.#settings.maxCompletions);
      this.#views.set(view, routes);
    }
    return routes;
  }

  async #metricsResponse(metrics: ModelMetrics): Promise<BodyResponse> {
    const body = Buffer.from(await metrics.render());
    return { kind: 'body', status: 200, headers: { 'content-type': metrics.contentType, 'content-length': String(body.length), 'cache-control': 'no-store' }, body };
  }

  /** A HEAD gets the headers of GET without the body. */
  #finish(request: CoreRequest, response: CoreResponse): CoreResponse {
    return request.method === 'HEAD' && response.kind === 'body' ? { ...response, body: undefined } : response;
  }

  #fail(request: CoreRequest, error: unknown): BodyResponse {
    if (error instanceof HttpError) return errorResponse(error);
    const detail = error instanceof Error ? error.message : String(error);
    this.#settings.logger.warn(`${clip(request.method)} ${clip(request.path)} failed: ${detail}`);
    return errorResponse(INTERNAL_ERROR);
  }

  /** The read routes take no body: one declared too large is refused before it is drained. */
  #allowRead(request: CoreRequest, methods: Methods): void {
    allow(request, methods);
    if (Number(request.header('content-length') ?? 0) > this.#settings.maxBodyBytes) throw tooLarge(this.#settings.maxBodyBytes);
  }
}

function allow(request: CoreRequest, methods: Methods): void {
  if (methods.list.includes(request.method)) return;
  throw new HttpError(405, 'method_not_allowed', `${clip(request.method)} is not allowed here; use ${methods.allow}`, {
    headers: { allow: methods.allow },
  });
}

function providerNames(reader: ModelCatalogReader): string[] {
  return reader.providerStatus().map((status) => status.name);
}

/** Client text echoed in a message is cut short. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
