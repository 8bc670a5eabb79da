import { performance } from 'node:perf_hooks';
import { StoreUnavailableError } from '../../errors/StoreUnavailableError.js';
import { createRedisClient, destroyClient, type RedisClient, type RedisRole } from './createRedisClient.js';
import { redactRedis } from './redisUrl.js';
import type { ResolvedRedisOptions } from './RedisStoreOptions.js';

/**
 * One lazily opened connection for commands, failing fast: a call rejects with a
 * `StoreUnavailableError` within `commandTimeoutMs`, connecting included, and at once when
 * Redis refuses the connection. node-redis reconnects in the background (capped backoff);
 * a call made while it waits out its backoff starts a fresh attempt, so calls succeed again
 * as soon as Redis returns.
 */
export class RedisConnection {
  readonly #options: ResolvedRedisOptions;
  readonly #role: RedisRole;
  #client: RedisClient | undefined;
  /** Why the current client is down; `undefined` while it is ready or still on its first attempt. */
  #failure: string | undefined;
  #closed = false;
  /** Why a client was dropped, so calls still waiting on it report that rather than "Disconnects client". */
  readonly #dropped = new WeakMap<RedisClient, string>();
  /** Calls waiting for a client to connect; dropping that client (close() included) fails them at once. */
  readonly #waiting = new Set<{ client: RedisClient; fail: (reason: string) => void }>();

  constructor(options: ResolvedRedisOptions, role: RedisRole) {
    this.#options = options;
    this.#role = role;
  }

  /**
   * Runs `command` on a ready client. `what` names the operation in messages.
   * Any failure (unreachable, timeout, an error reply) rejects with a `StoreUnavailableError`.
   */
  async run<T>(what: string, command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError(`the Redis store at ${this.#options.endpoint.safe} was closed; it cannot ${what} any more`);
    const deadline = performance.now() + this.#options.commandTimeoutMs;
    let client = this.#open();
    if (!client.isReady && this.#failure !== undefined) {
      // Down and sitting out its backoff: try afresh now, so that the first call after Redis
      // returns succeeds. A burst of calls shares the one attempt (it has not failed yet).
      this.#discard(client, this.#failure);
      client = this.#open();
    }
    if (!client.isReady) await this.#whenReady(client, what, deadline);
    let started: Promise<T>;
    try {
      started = command(client);
    } catch (error) {
      throw this.#unavailable(what, describe(error), error);
    }
    return this.#withDeadline(client, what, started, deadline);
  }

  /** Starts connecting now, without waiting, so that the first call does not pay for the connection. */
  warmUp(): void {
    if (!this.#closed) this.#open();
  }

  /** Closes the connection at once; later calls reject. */
  close(): Promise<void> {
    this.#closed = true;
    this.#discard();
    return Promise.resolve();
  }

  #open(): RedisClient {
    if (this.#client !== undefined) return this.#client;
    const client = createRedisClient(this.#options, this.#role);
    this.#client = client;
    this.#failure = undefined;
    // node-redis emits 'error' on every failed attempt; without a listener that would crash the process.
    client.on('error', (error: unknown) => {
      if (this.#client === client) this.#failure = describe(error);
    });
    client.on('ready', () => {
      if (this.#client === client) this.#failure = undefined;
    });
    // Resolves once ready, retrying meanwhile; rejects only when the client is destroyed.
    client.connect().catch(() => {});
    return client;
  }

  /** Waits for a new client's connection: ready, failed, or out of time. */
  async #whenReady(client: RedisClient, what: string, deadline: number): Promise<void> {
    let cleanup = (): void => {};
    try {
      await new Promise<void>((resolve, reject) => {
        const onReady = (): void => resolve();
        const onError = (error: unknown): void =>
          reject(this.#unavailable(what, this.#dropped.get(client) ?? describe(error), error));
        const timer = setTimeout(() => {
          // A connection that neither opens nor fails (a black hole) is dropped; the next call starts afresh.
          const reason = `no connection within ${this.#options.commandTimeoutMs} ms`;
          this.#discard(client, reason);
          reject(this.#unavailable(what, reason));
        }, Math.max(1, deadline - performance.now()));
        timer.unref();
        const waiter = { client, fail: (reason: string) => reject(this.#unavailable(what, reason)) };
        this.#waiting.add(waiter);
        client.once('ready', onReady);
        client.once('error', onError);
        cleanup = () => {
          clearTimeout(timer);
          this.#waiting.delete(waiter);
          client.off('ready', onReady);
          client.off('error', onError);
        };
      });
    } finally {
      cleanup();
    }
  }

  async #withDeadline<T>(client: RedisClient, what: string, command: Promise<T>, deadline: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        // A command sent and not answered leaves the connection suspect: replace it.
        const reason = `no answer within ${this.#options.commandTimeoutMs} ms`;
        this.#discard(client, reason);
        reject(this.#unavailable(what, reason));
      }, Math.max(1, deadline - performance.now()));
      timer.unref();
    });
    try {
      return await Promise.race([command, expired]);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw this.#unavailable(what, this.#dropped.get(client) ?? describe(error), error);
    } finally {
      clearTimeout(timer);
      command.catch(() => {});
    }
  }

  #discard(client: RedisClient | undefined = this.#client, reason = 'the store was closed'): void {
    if (client === undefined) return;
    if (!this.#dropped.has(client)) this.#dropped.set(client, reason);
    if (this.#client === client) {
      this.#client = undefined;
      this.#failure = undefined;
    }
    // A waiter settles at its client's first drop, so `reason` is the one recorded above.
    for (const waiter of this.#waiting) if (waiter.client === client) waiter.fail(reason);
    destroyClient(client);
  }

  #unavailable(what: string, reason: string, cause?: unknown): StoreUnavailableError {
    const { endpoint } = this.#options;
    const message = redactRedis(
      `Redis at ${endpoint.safe} could not ${what} (${reason}); check that Redis is running and reachable at the store URL (REDIS_URL), with the right credentials`,
      endpoint,
    );
    const safeCause = cause instanceof Error && redactRedis(cause.message, endpoint) === cause.message ? cause : undefined;
    return new StoreUnavailableError(message, safeCause === undefined ? undefined : { cause: safeCause });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return String(error);
}
