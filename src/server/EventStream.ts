import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { ModelsChange } from '../manager/types.js';
import type { Clock } from '../time/Clock.js';
import type { EventSink, StreamResponse } from './core/CoreResponse.js';
import { HttpError } from './HttpError.js';

/** Counts event-stream clients for metrics. */
export interface ClientGauge {
  inc(): void;
  dec(): void;
}

/** Options of an {@link EventStream}. */
export interface EventStreamOptions {
  clock: Clock;
  /** Milliseconds between heartbeat comments. */
  heartbeatMs: number;
  /** Clients served at once, over every reader; one more gets a 503. */
  maxClients: number;
  /** Told of each client that comes and goes. */
  gauge?: ClientGauge | undefined;
}

/** A client that has this much unsent output is too slow to keep: it is cut off. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const HEADERS = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Tells nginx-style proxies not to buffer the stream.
  'x-accel-buffering': 'no',
});
const PRIVATE_HEADERS = Object.freeze({ ...HEADERS, 'cache-control': 'private, no-cache, no-transform' });

/**
 * `GET /v1/models/events`: Server-Sent Events. Each client follows one reader (the shared catalog
 * or a tenant's view): a `ready` event, then one `change` event per change of that reader (its
 * `onChange` payload as `data`), and a comment line every `heartbeatMs`. A reader is subscribed
 * to, and the heartbeat runs, only while a client is connected.
 */
export class EventStream {
  readonly #options: EventStreamOptions;
  readonly #clients = new Map<ModelCatalogReader, Set<EventSink>>();
  readonly #unsubscribe = new Map<ModelCatalogReader, () => void>();
  #size = 0;
  #cancelHeartbeat: (() => void) | undefined;
  #closed = false;

  constructor(options: EventStreamOptions) {
    this.#options = options;
  }

  /** Clients connected now. */
  get size(): number {
    return this.#size;
  }

  /**
   * The streamed answer for a client of `reader`; `isPrivate` marks a tenant's stream.
   * @throws {HttpError} 503 when closed or full.
   */
  open(reader: ModelCatalogReader, isPrivate: boolean): StreamResponse {
    this.#checkRoom();
    return {
      kind: 'stream',
      status: 200,
      headers: isPrivate ? PRIVATE_HEADERS : HEADERS,
      open: (sink) => this.#add(reader, sink),
    };
  }

  /** Ends every stream, stops the heartbeat and refuses new clients (503). */
  close(): void {
    this.#closed = true;
    for (const [reader, sinks] of [...this.#clients]) for (const sink of [...sinks]) this.#remove(reader, sink, () => sink.end());
  }

  /** @throws {HttpError} 503 when closed or full. */
  #checkRoom(): void {
    if (this.#closed) throw new HttpError(503, 'shutting_down', 'the server is shutting down; reconnect to another instance', { headers: { 'retry-after': '1' } });
    if (this.#size >= this.#options.maxClients) {
      throw new HttpError(503, 'too_many_clients', 'too many event-stream clients are connected; retry later', { headers: { 'retry-after': '5' } });
    }
  }

  #add(reader: ModelCatalogReader, sink: EventSink): void {
    try {
      // Checked again: an adapter may open the stream a moment after it was answered.
      this.#checkRoom();
    } catch {
      sink.end();
      return;
    }
    this.#size++;
    this.#options.gauge?.inc();
    sink.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ generation: reader.generation })}\n\n`);
    let sinks = this.#clients.get(reader);
    if (sinks === undefined) {
      sinks = new Set();
      this.#clients.set(reader, sinks);
      this.#unsubscribe.set(
        reader,
        reader.onChange((change) => this.#broadcast(reader, change)),
      );
    }
    sinks.add(sink);
    sink.onClose(() => this.#remove(reader, sink));
    if (this.#cancelHeartbeat === undefined) this.#scheduleHeartbeat();
  }

  #broadcast(reader: ModelCatalogReader, change: ModelsChange): void {
    const sinks = this.#clients.get(reader);
    if (sinks !== undefined) this.#send(reader, sinks, `event: change\nid: ${change.generation}\ndata: ${JSON.stringify(change)}\n\n`);
  }

  #scheduleHeartbeat(): void {
    this.#cancelHeartbeat = this.#options.clock.setTimer(() => {
      this.#cancelHeartbeat = undefined;
      for (const [reader, sinks] of [...this.#clients]) this.#send(reader, sinks, ': heartbeat\n\n');
      if (this.#clients.size > 0) this.#scheduleHeartbeat();
    }, this.#options.heartbeatMs);
  }

  #send(reader: ModelCatalogReader, sinks: Set<EventSink>, text: string): void {
    for (const sink of [...sinks]) {
      if (sink.buffered > MAX_BUFFERED_BYTES) this.#remove(reader, sink, () => sink.destroy());
      else sink.write(text);
    }
  }

  /** Forgets `sink` (once, however many times it is called), then runs `finish`. */
  #remove(reader: ModelCatalogReader, sink: EventSink, finish?: () => void): void {
    const sinks = this.#clients.get(reader);
    if (sinks?.delete(sink) !== true) return;
    this.#size--;
    this.#options.gauge?.dec();
    if (sinks.size === 0) {
      this.#clients.delete(reader);
      this.#unsubscribe.get(reader)?.();
      this.#unsubscribe.delete(reader);
    }
    if (this.#clients.size === 0) {
      this.#cancelHeartbeat?.();
      this.#cancelHeartbeat = undefined;
    }
    finish?.();
  }
}
