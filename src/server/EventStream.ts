import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProviderManager } from '../manager/ProviderManager.js';
import type { ModelsChange } from '../manager/types.js';
import type { Clock } from '../time/Clock.js';
import { HttpError } from './HttpError.js';

/** Options of an {@link EventStream}. */
export interface EventStreamOptions {
  clock: Clock;
  /** Milliseconds between heartbeat comments. */
  heartbeatMs: number;
  /** Clients served at once; one more gets a 503. */
  maxClients: number;
}

/** A client that has this much unsent output is too slow to keep: it is cut off. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * `GET /v1/models/events`: Server-Sent Events. Sends headers at once, then one `change` event per
 * manager change (its `onChange` payload as `data`) and a comment line every `heartbeatMs`.
 * Subscribes to the manager and runs the heartbeat only while a client is connected.
 */
export class EventStream {
  readonly #manager: ProviderManager;
  readonly #options: EventStreamOptions;
  readonly #clients = new Set<ServerResponse>();
  #unsubscribe: (() => void) | undefined;
  #cancelHeartbeat: (() => void) | undefined;
  #closed = false;

  constructor(manager: ProviderManager, options: EventStreamOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  /** Clients connected now. */
  get size(): number {
    return this.#clients.size;
  }

  /** Starts streaming to a client; it stays until it disconnects or {@link close} is called. */
  add(req: IncomingMessage, res: ServerResponse): void {
    if (this.#closed) throw new HttpError(503, 'shutting_down', 'the server is shutting down; reconnect to another instance', { headers: { 'retry-after': '1' } });
    if (this.#clients.size >= this.#options.maxClients) {
      throw new HttpError(503, 'too_many_clients', 'too many event-stream clients are connected; retry later', { headers: { 'retry-after': '5' } });
    }
    req.socket.setTimeout(0);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ generation: this.#manager.generation })}\n\n`);
    this.#clients.add(res);
    res.on('close', () => this.#remove(res));
    if (this.#unsubscribe === undefined) this.#unsubscribe = this.#manager.onChange((change) => this.#broadcast(change));
    if (this.#cancelHeartbeat === undefined) this.#scheduleHeartbeat();
  }

  /** Ends every stream, stops the heartbeat and refuses new clients (503). */
  close(): void {
    this.#closed = true;
    for (const res of [...this.#clients]) res.end();
    this.#clients.clear();
    this.#stop();
  }

  #broadcast(change: ModelsChange): void {
    this.#send(`event: change\nid: ${change.generation}\ndata: ${JSON.stringify(change)}\n\n`);
  }

  #scheduleHeartbeat(): void {
    this.#cancelHeartbeat = this.#options.clock.setTimer(() => {
      this.#cancelHeartbeat = undefined;
      this.#send(': heartbeat\n\n');
      if (this.#clients.size > 0) this.#scheduleHeartbeat();
    }, this.#options.heartbeatMs);
  }

  #send(text: string): void {
    for (const res of [...this.#clients]) {
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      else res.write(text);
    }
  }

  #remove(res: ServerResponse): void {
    this.#clients.delete(res);
    if (this.#clients.size === 0) this.#stop();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#cancelHeartbeat?.();
    this.#cancelHeartbeat = undefined;
  }
}
