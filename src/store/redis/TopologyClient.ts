import { EventEmitter } from 'node:events';
import { reconnectDelay } from './reconnectDelay.js';

/** What a node-redis cluster or sentinel client offers besides its commands. */
interface Inner {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  destroy(): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** The commands our store and bus send, whatever the topology. */
interface Commands {
  time(): Promise<readonly unknown[]>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
}

/**
 * A node-redis cluster or sentinel client behind the face of a single-server client, as
 * `RedisConnection` and the bus use it: `connect()` keeps trying, each time with a fresh
 * node-redis client (which gives up on a cluster whose seed nodes are all down), until it
 * succeeds or this client is destroyed; `ready` is emitted once connected.
 */
export class TopologyClient extends EventEmitter {
  readonly #create: (destroyed: () => boolean) => Inner;
  #inner: Inner;
  readonly #maxDelayMs: number;
  #destroyed = false;
  #connected = false;

  /** `create` is given a test that its node connections' reconnect strategy reads, to stop once this client is destroyed. */
  constructor(create: (destroyed: () => boolean) => Inner, maxDelayMs: number) {
    super();
    this.#create = create;
    this.#maxDelayMs = maxDelayMs;
    this.#inner = this.#fresh();
  }

  // Both clients take these commands with the same arguments; their types differ only in overloads.
  get #commands(): Commands {
    return this.#inner as unknown as Commands;
  }

  #fresh(): Inner {
    const inner = this.#create(() => this.#destroyed);
    inner.on('error', (error: unknown) => {
      if (this.#inner === inner) this.emit('error', error);
    });
    return inner;
  }

  get isReady(): boolean {
    return this.#connected && !this.#destroyed && this.#inner.isReady;
  }

  async connect(): Promise<this> {
    for (let attempt = 0; ; attempt++) {
      if (this.#destroyed) throw new Error('the Redis client was closed');
      try {
        await this.#inner.connect();
      } catch (error) {
        if (this.#destroyed) {
          discard(this.#inner);
          throw error;
        }
        this.emit('error', error);
        await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt, this.#maxDelayMs)).unref());
        const failed = this.#inner;
        this.#inner = this.#fresh();
        discard(failed);
        continue;
      }
      if (this.#destroyed) {
        // node-redis's cluster discovery opens node connections even when destroy() ran while it
        // was asking for the topology; destroying again closes them, or they reconnect for ever.
        discard(this.#inner);
        throw new Error('the Redis client was closed');
      }
      this.#connected = true;
      this.emit('ready');
      return this;
    }
  }

  destroy(): void {
    this.#destroyed = true;
    discard(this.#inner);
  }

  time(): Promise<readonly unknown[]> {
    return this.#commands.time();
  }

  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
    return this.#commands.evalSha(sha, options);
  }

  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
    return this.#commands.eval(script, options);
  }

  publish(channel: string, message: string): Promise<unknown> {
    return this.#commands.publish(channel, message);
  }

  subscribe(channel: string, listener: (message: string) => void): Promise<unknown> {
    return this.#commands.subscribe(channel, listener);
  }
}

/** Destroys `inner`, whatever state it is in (node-redis throws or rejects when it is not open). */
function discard(inner: Inner): void {
  try {
    void Promise.resolve(inner.destroy()).catch(() => {});
  } catch {
    // Never opened: nothing to close.
  }
}
