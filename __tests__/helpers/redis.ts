import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createClient } from 'redis';
import { describeNeeding, type Requirement } from './requireTools.js';

/** The shared test server; never stopped by a test (outages go through `startRedisProxy`). */
export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;

let availability: Promise<boolean> | undefined;

/** True when a Redis answers PING on 127.0.0.1:6379 within half a second. */
export function redisAvailable(): Promise<boolean> {
  availability ??= new Promise<boolean>((resolve) => {
    const socket = connect(REDIS_PORT, REDIS_HOST);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
  return availability;
}

/**
 * `describe` for tests that need the real redis-server. Without one it skips with a visible
 * message, except under CI (`CI=true`), where it fails loudly. Call it with `await` at the top level.
 * @example
 * await describeRedis('RedisCatalogStore', () => { it('…', async () => {}); });
 */
export async function describeRedis(name: string, body: () => void): Promise<void> {
  describeNeeding(name, [await redisRequirement()], body);
}

/** The shared redis-server, as a {@link Requirement}. */
export async function redisRequirement(): Promise<Requirement> {
  return {
    name: `a redis-server answering on ${REDIS_HOST}:${REDIS_PORT}`,
    present: await redisAvailable(),
    install: 'start one with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  };
}

/** A key prefix of its own for one test, so tests never see each other's keys. */
export function uniquePrefix(): string {
  return `scoped-models-test:${randomUUID()}`;
}

function createAdmin() {
  return createClient({ socket: { host: REDIS_HOST, port: REDIS_PORT, reconnectStrategy: false } });
}

/** A plain node-redis client on the shared server, for planting and inspecting keys. */
export type AdminClient = ReturnType<typeof createAdmin>;

/** Connects an admin client to the shared server. */
export async function redisAdmin(): Promise<AdminClient> {
  const client = createAdmin();
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(admin: AdminClient, prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const batch of admin.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) keys.push(...batch);
  if (keys.length > 0) await admin.del(keys);
}

/** Closes the connections of the clients named `name` (`CLIENT SETNAME`), as a network failure would. */
export async function killClients(admin: AdminClient, name: string): Promise<number> {
  const list = await admin.clientList();
  const ids = list.filter((client) => client.name === name).map((client) => client.id);
  for (const id of ids) await admin.clientKill({ filter: 'ID', id });
  return ids.length;
}

/**
 * Retries `check` until it stops throwing, every 10 ms, for at most `timeoutMs`; for outcomes
 * that follow a reconnection in the background, where no event of ours marks the moment.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
