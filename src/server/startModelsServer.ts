import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import type { Logger } from '../logging/Logger.js';
import { systemClock, type Clock } from '../time/Clock.js';
import type { ModelsHandler } from './createModelsHandler.js';
import { HttpError } from './HttpError.js';
import { hasBody, tooLarge } from './readBody.js';
import { errorResponse } from './core/jsonResponse.js';
import { writeNodeResponse } from './writeNodeResponse.js';

/** One answered (or abandoned) request, for the access log. */
export interface RequestLogEntry {
  method: string;
  /** The path without its query. */
  path: string;
  /** The status sent; for a client that went away before the answer, the status that was set. */
  status: number;
  /** From the request's arrival to the end of the answer, in milliseconds. */
  ms: number;
}

/** Options of {@link startModelsServer}. */
export interface ModelsServerOptions {
  handler: ModelsHandler;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Called once per request when its answer ends. Default: nothing. */
  onRequest?: ((entry: RequestLogEntry) => void) | undefined;
  /** How long `close()` lets requests in flight finish before cutting their connections, in ms. Default 10 000. */
  graceMs?: number | undefined;
  /** Drives the grace period. Default the system clock. */
  clock?: Clock | undefined;
  /** Where server errors after start-up are reported. Default: silent. */
  logger?: Logger | undefined;
  /**
   * The most body bytes read from a request whose answer did not need them (a GET with a body,
   * a refused upload); past it the connection is closed. Default 65 536.
   */
  maxBodyBytes?: number | undefined;
  /** How long a connection may take to send a request's headers, an idle new one included, in ms. Default 10 000. */
  headersTimeoutMs?: number | undefined;
  /** How long an idle kept-alive connection stays open between requests, in ms. Default 5 000. */
  keepAliveTimeoutMs?: number | undefined;
  /** The most connections open at once; more are refused at connect. Default 1 024. */
  maxConnections?: number | undefined;
}

/** A running server. */
export interface ModelsServer {
  /** `http://host:port`, with the bound port. */
  readonly url: string;
  readonly address: AddressInfo;
  /**
   * Stops accepting, ends event streams, lets requests in flight finish (within the grace
   * period) and resolves when every connection is closed. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Runs `handler` on a `node:http` server, with one log entry per request and a graceful close.
 * @throws {ScopedModelsError} `listen_failed` when the address cannot be bound (in use, no permission).
 */
export async function startModelsServer(options: ModelsServerOptions): Promise<ModelsServer> {
  const { handler, onRequest } = options;
  const clock = options.clock ?? systemClock;
  let closing: Promise<void> | undefined;
  // Requests in flight per connection, so a close can end each connection once it falls idle.
  const inFlight = new Map<Socket, number>();
  const maxBodyBytes = limit('maxBodyBytes', options.maxBodyBytes, 65_536);
  const headersTimeoutMs = limit('headersTimeoutMs', options.headersTimeoutMs, 10_000);
  // Node checks the header timeout on this interval (30 s by default, which would triple it).
  const server = createServer({ connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs) }, (req, res) => {
    const started = performance.now();
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    if (closing !== undefined) res.setHeader('connection', 'close');
    // Before Node's own 'finish' handler, which would drain the rest of the body unbounded.
    res.on('prefinish', () => {
      if (!req.complete) closeAfterBytes(req, maxBodyBytes);
    });
    res.on('close', () => {
      onRequest?.(entryOf(req, res, performance.now() - started));
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (!inFlight.has(socket)) return;
      inFlight.set(socket, left);
      // end(), not destroy(): the answer just written still reaches the client.
      if (closing !== undefined && left === 0) socket.end();
    });
    const refusal = bodyRefusal(req, maxBodyBytes);
    if (refusal === undefined) handler(req, res);
    else writeNodeResponse(req, res, errorResponse(refusal));
  });
  // Explicit bounds on slow and idle clients: the headers within headersTimeoutMs, the whole
  // request within 30 s, kept-alive idleness, and the count of connections. Responses (event
  // streams) are not bounded by these.
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = Math.max(30_000, headersTimeoutMs);
  server.keepAliveTimeout = limit('keepAliveTimeoutMs', options.keepAliveTimeoutMs, 5_000);
  server.maxConnections = limit('maxConnections', options.maxConnections, 1_024);
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.on('close', () => inFlight.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the address is in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new ScopedModelsError('listen_failed', `cannot listen on ${options.host}:${options.port}: ${reason}; choose another --port or --host`));
    });
    server.listen(options.port, options.host, () => resolve());
  });
  // After listening, a server error (a failing accept, say) is logged, never thrown.
  server.on('error', (error: Error) => options.logger?.warn(`the server reported an error: ${error.message}`));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    address,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const cancelGrace = clock.setTimer(() => server.closeAllConnections(), options.graceMs ?? 10_000);
        server.close(() => {
          cancelGrace();
          resolve();
        });
        handler.close();
        for (const [socket, requests] of inFlight) if (requests === 0) socket.end();
      });
      return closing;
    },
  };
}

/** GET and HEAD (every read route) take no body: one that comes is refused, unread. */
function bodyRefusal(req: IncomingMessage, maxBodyBytes: number): HttpError | undefined {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !hasBody(req)) return undefined;
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return tooLarge(maxBodyBytes);
  return new HttpError(400, 'body_not_allowed', `${req.method} takes no request body; send none`, { closeConnection: true });
}

/**
 * Node reads an unread body to its end to reuse the connection: an endless one for ever. Up to
 * `maxBytes` more are read (so the client, still sending, reads the answer), then the connection goes.
 */
function closeAfterBytes(req: IncomingMessage, maxBytes: number): void {
  let read = 0;
  const count = (chunk: Buffer): void => {
    read += chunk.length;
    // Chunks already buffered may follow; destroying again does nothing.
    if (read > maxBytes) req.socket.destroy();
  };
  req.on('data', count);
  req.resume();
}

function limit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new ScopedModelsError('invalid_option', `startModelsServer: ${name} must be a whole number above 0, got ${String(value)}`);
  }
  return value;
}

function entryOf(req: IncomingMessage, res: ServerResponse, ms: number): RequestLogEntry {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  return { method: req.method ?? '?', path: mark === -1 ? url : url.slice(0, mark), status: res.statusCode, ms };
}
