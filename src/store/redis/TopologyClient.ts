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
 * `RedisConnection` and the bus use it: `connect()` keeps trying until it succeeds or the
 * client is destroyed (node-redis gives up on a cluster whose seed nodes are all down), and
 * `ready` is emitted once connected.
 */
export class TopologyClient extends EventEmitter {
  readonly #inner: Inner;
  readonly #commands: Commands;
  readonly #maxDelayMs: number;
  #destroyed = false;
  #connected = false;

  constructor(inner: Inner, maxDelayMs: number) {
    super();
    this.#inner = inner;
    // Both clients take these commands with the same arguments; their types differ only in overloads.
    this.#commands = inner as unknown as Commands;
    this.#maxDelayMs = maxDelayMs;
    inner.on('error', (error: unknown) => this.emit('error', error));
  }

  get isReady(): boolean {
    return this.#connected && !this.#destroyed && this.#inner.isReady;
  }

  async connect(): Promise<this> {
    for (let attempt = 0; ; attempt++) {
      if (this.#destroyed) throw new Error('the Redis client was closed');
      try {
        await this.#inner.connect();
        this.#connected = true;
        this.emit('ready');
        return this;
      } catch (error) {
        if (this.#destroyed) throw error;
        this.emit('error', error);
        await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt, this.#maxDelayMs)).unref());
      }
    }
  }

  destroy(): void {
    this.#destroyed = true;
    void Promise.resolve(this.#inner.destroy()).catch(() => {});
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
