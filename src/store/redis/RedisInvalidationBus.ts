import type { Logger } from '../../logging/Logger.js';
import type { InvalidationBus, InvalidationListener } from '../CatalogStore.js';
import { catalogKeys } from './catalogKeys.js';
import { createRedisClient, destroyClient, type RedisClient } from './createRedisClient.js';
import { RedisConnection } from './RedisConnection.js';
import { resolveRedisOptions, type RedisStoreOptions, type ResolvedRedisOptions } from './RedisStoreOptions.js';

/** Longest generation accepted from the channel; anything longer is not ours. */
const MAX_MESSAGE_LENGTH = 200;

/**
 * Redis pub/sub on `{prefix}:changes`: `publish` announces a generation, and each bus keeps one
 * subscriber connection that hands what it hears to its listener. After every (re)connection,
 * the first included, the listener's `onReconnect` runs, because messages sent meanwhile are lost.
 * Nothing connects before `listen` or `publish`; `listen` opens both connections. `close()` ends them.
 */
export class RedisInvalidationBus implements InvalidationBus {
  readonly #options: ResolvedRedisOptions;
  readonly #channel: string;
  readonly #publisher: RedisConnection;
  readonly #logger: Logger;
  #listener: InvalidationListener | undefined;
  #subscriber: RedisClient | undefined;
  #subscribed = false;
  #closed = false;

  constructor(options: RedisStoreOptions) {
    this.#options = resolveRedisOptions(options);
    this.#channel = catalogKeys(this.#options.prefix, this.#options.topology.kind === 'cluster').channel;
    this.#publisher = new RedisConnection(this.#options, 'publisher');
    this.#logger = this.#options.logger;
  }

  listen(listener: InvalidationListener): void {
    if (this.#closed) return;
    this.#listener = listener;
    if (this.#subscriber !== undefined) return;
    const subscriber = createRedisClient(this.#options, 'subscriber');
    this.#subscriber = subscriber;
    // Without a listener node-redis's 'error' (emitted on every failed attempt) would crash the process.
    subscriber.on('error', () => {});
    // node-redis resubscribes before 'ready' on a reconnection; the first time we subscribe here.
    subscriber.on('ready', () => {
      if (this.#subscribed) this.#notify((l) => l.onReconnect());
      else void this.#subscribe(subscriber);
    });
    subscriber.connect().catch(() => {});
    // A listening instance will announce its commits: connecting now keeps the first announcement
    // within the command timeout (against a cluster, a first connection also learns the slots).
    this.#publisher.warmUp();
  }

  async publish(generation: string): Promise<void> {
    await this.#publisher.run('announce a new generation', (client) => client.publish(this.#channel, generation));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listener = undefined;
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (subscriber !== undefined) destroyClient(subscriber);
    await this.#publisher.close();
  }

  async #subscribe(subscriber: RedisClient): Promise<void> {
    try {
      await subscriber.subscribe(this.#channel, (message: string) => this.#onMessage(message));
    } catch {
      // The connection dropped before Redis confirmed; the next 'ready' tries again.
      return;
    }
    if (this.#subscriber !== subscriber) return;
    this.#subscribed = true;
    this.#notify((l) => l.onReconnect());
  }

  #onMessage(message: string): void {
    if (message === '' || message.length > MAX_MESSAGE_LENGTH) return;
    this.#notify((l) => l.onGeneration(message));
  }

  #notify(call: (listener: InvalidationListener) => void): void {
    const listener = this.#listener;
    if (listener === undefined) return;
    try {
      call(listener);
    } catch (error) {
      this.#logger.warn(`an invalidation listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
