import 'reflect-metadata';
import { getRequestListener } from '@hono/node-server';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestListener } from 'node:http';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import type { ModelCache } from '../../src/cache/ModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { silentLogger } from '../../src/logging/Logger.js';
import type { ModelCatalogReader, TenantIdentity } from '../../src/manager/ModelCatalogReader.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelProvider } from '../../src/providers/ModelProvider.js';
import { createModelsFetchHandler } from '../../src/server/createModelsFetchHandler.js';
import { createModelsHandler } from '../../src/server/createModelsHandler.js';
import type { ModelsCoreOptions } from '../../src/server/ModelsHandlerOptions.js';
import { listenOnLoopback } from '../helpers/listenOnLoopback.js';
import { ManualClock } from '../helpers/ManualClock.js';

/** A node:http server on 127.0.0.1 running a handler under test. */
export interface HandlerServer {
  /** The origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `listener` on a free port; `close` drops open connections (event streams included). */
export async function startHandlerServer(listener: RequestListener): Promise<HandlerServer> {
  const { url, port, close } = await listenOnLoopback(createServer(listener));
  return { url, port, close };
}

/** A manager over `providers` with a test clock and no logging. */
export function createManager(
  providers: ModelProvider[],
  options: { config?: ScopedModelsConfigInput; cache?: ModelCache; clock?: ManualClock } = {},
): ProviderManager {
  return new ProviderManager(
    parseConfig(options.config ?? {}),
    options.cache ?? new NullSentinelModelCache(),
    providers,
    options.clock ?? new ManualClock(),
    silentLogger,
  );
}

/** An answer read whole. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * Sends a request with node:http, so the path goes out exactly as written (no URL normalising)
 * and bodies can be sent in pieces by `write`.
 */
export function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Parses a JSON answer. */
export function json<T = Record<string, unknown>>(response: RawResponse): T {
  return JSON.parse(response.text) as T;
}

/** An OpenAI-style error body. */
export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

/** Waits (in short real steps, at most `timeoutMs`) until `condition` holds: for events inside a server. */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The options both handler shapes take, with `tenant` reading headers whatever the shape's request type. */
export type ShapeOptions = ModelsCoreOptions & {
  tenant?: (header: (name: string) => string | undefined) => TenantIdentity | undefined | Promise<TenantIdentity | undefined>;
};

/** A handler of one shape, as a node:http listener. */
export interface ShapedHandler {
  readonly listener: RequestListener;
  close(): void;
  readonly eventClients: number;
}

/** One way of serving the catalog: the Node handler, or the fetch handler behind a node:http bridge. */
export interface HandlerShape {
  /** The factory's name, used as the suite's title. */
  readonly name: string;
  create(reader: ModelCatalogReader, options?: ShapeOptions): ShapedHandler;
}

const nodeShape: HandlerShape = {
  name: 'createModelsHandler',
  create(reader, options = {}) {
    const { tenant, ...rest } = options;
    const handler = createModelsHandler(reader, {
      ...rest,
      ...(tenant === undefined ? {} : { tenant: (req: IncomingMessage) => tenant((name) => headerOf(req.headers[name])) }),
    });
    return shaped(handler, (req, res) => handler(req, res));
  },
};

const fetchShape: HandlerShape = {
  name: 'createModelsFetchHandler',
  create(reader, options = {}) {
    const { tenant, ...rest } = options;
    const handler = createModelsFetchHandler(reader, {
      ...rest,
      ...(tenant === undefined ? {} : { tenant: (request: Request) => tenant((name) => request.headers.get(name) ?? undefined) }),
    });
    // @hono/node-server's bridge, as a Hono application on Node would run it.
    const bridge = getRequestListener((request) => handler(request), { overrideGlobalObjects: false });
    return shaped(handler, (req, res) => void bridge(req, res));
  },
};

/** Both shapes: every route test runs against each, so they cannot drift apart. */
export const SHAPES: readonly HandlerShape[] = [nodeShape, fetchShape];

/** Serves `shape` over `reader` on a loopback server. */
export async function serveShape(shape: HandlerShape, reader: ModelCatalogReader, options?: ShapeOptions): Promise<HandlerServer & { handler: ShapedHandler }> {
  const handler = shape.create(reader, options);
  const server = await startHandlerServer(handler.listener);
  return { ...server, handler };
}

function shaped(handler: { close(): void; readonly eventClients: number }, listener: RequestListener): ShapedHandler {
  return {
    listener,
    close: () => handler.close(),
    get eventClients() {
      return handler.eventClients;
    },
  };
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
