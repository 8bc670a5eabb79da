import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../../errors/StoreUnavailableError.js';
import type { Logger } from '../../logging/Logger.js';
import type { CatalogStore, CommitResult, EntryRef, StoredEntry } from '../CatalogStore.js';
import { parseStoredEntry } from '../storedEntrySchema.js';
import { type CatalogKeys, catalogKeys } from './catalogKeys.js';
import { evalScript } from './evalScript.js';
import { COMMIT_SCRIPT, IS_LOCKED_SCRIPT, LOAD_SCRIPT, LOCK_SCRIPT, UNLOCK_SCRIPT } from './luaScripts.js';
import { RedisConnection } from './RedisConnection.js';
import { resolveRedisOptions, type RedisStoreOptions } from './RedisStoreOptions.js';

/**
 * The catalog in Redis, shared by every instance that uses the same URL and prefix.
 * The constructor only checks its options; the connection opens on first use. Every
 * method rejects with a `StoreUnavailableError` within `commandTimeoutMs` when Redis
 * cannot be reached; unreadable stored data is treated as absent and logged once.
 * @example
 * const store = new RedisCatalogStore({ url: process.env.REDIS_URL!, prefix: 'my-app:models' });
 */
export class RedisCatalogStore implements CatalogStore {
  readonly shared = true;
  readonly #keys: CatalogKeys;
  readonly #connection: RedisConnection;
  readonly #logger: Logger;
  /** Keys reported as unreadable, so each is reported once until it reads well again. */
  readonly #reported = new Set<string>();

  constructor(options: RedisStoreOptions) {
    const resolved = resolveRedisOptions(options);
    this.#keys = catalogKeys(resolved.prefix, resolved.topology.kind === 'cluster');
    this.#connection = new RedisConnection(resolved, 'store');
    this.#logger = resolved.logger;
  }

  /** Redis's `TIME`, in ms since the epoch. */
  now(): Promise<number> {
    return this.#connection.run('read its clock', async (client) => {
      const [seconds, micros] = await client.time();
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    });
  }

  async generation(): Promise<string> {
    return (await this.load([])).generation;
  }

  async load(refs: readonly EntryRef[]): Promise<{ generation: string; entries: StoredEntry[] }> {
    const keys = refs.map((ref) => this.#keys.entry(ref));
    const reply = await this.#connection.run('load the catalog', (client) =>
      evalScript(client, LOAD_SCRIPT, [this.#keys.generation, ...keys]),
    );
    const [generation, ...raws] = asArray(reply, 'load');
    const entries: StoredEntry[] = [];
    refs.forEach((ref, index) => {
      const raw = raws[index];
      if (raw === null || raw === undefined) return;
      const entry = this.#readEntry(ref, raw);
      if (entry !== undefined) entries.push(entry);
    });
    return { generation: this.#readGeneration(generation), entries };
  }

  async commit(entry: StoredEntry): Promise<CommitResult> {
    // fetchedAt comes before any string: the script finds it by its text to cap it (see COMMIT_SCRIPT).
    const json = JSON.stringify({ fetchedAt: entry.fetchedAt, provider: entry.provider, fingerprint: entry.fingerprint, models: entry.models });
    let overwrite = '';
    // Lua checks the stored entry's outline; a stored entry that passes it but not the full
    // schema is overwritten by a second call naming it (by SHA-1), so it cannot block commits.
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await this.#connection.run('commit an entry', (client) =>
        evalScript(client, COMMIT_SCRIPT, [this.#keys.entry(entry), this.#keys.generation], [
          json,
          String(entry.fetchedAt),
          entry.provider,
          entry.fingerprint,
          overwrite,
          entry.stampedLocally === true ? '1' : '',
        ]),
      );
      const [accepted, stored, generation, storedSha, fetchedAt] = asArray(reply, 'commit');
      if (accepted === 1) {
        const written: StoredEntry = { ...entry, fetchedAt: Number(fetchedAt) };
        delete written.stampedLocally;
        return { accepted: true, entry: written, generation: this.#readGeneration(generation) };
      }
      const newer = this.#readEntry(entry, stored);
      if (newer !== undefined) return { accepted: false, entry: newer, generation: this.#readGeneration(generation) };
      overwrite = String(storedSha);
    }
    throw new StoreUnavailableError(
      `Redis kept an unreadable entry for ${entry.provider} under ${this.#keys.entry(entry)}; delete that key`,
    );
  }

  async tryLock(ref: EntryRef, ttlMs: number): Promise<string | undefined> {
    const token = randomUUID();
    const ttl = String(Math.max(1, Math.ceil(ttlMs)));
    const taken = await this.#connection.run('take a lock', (client) =>
      evalScript(client, LOCK_SCRIPT, [this.#keys.lock(ref)], [token, ttl]),
    );
    return taken === 1 ? token : undefined;
  }

  async unlock(ref: EntryRef, token: string): Promise<void> {
    await this.#connection.run('release a lock', (client) => evalScript(client, UNLOCK_SCRIPT, [this.#keys.lock(ref)], [token]));
  }

  async isLocked(ref: EntryRef): Promise<boolean> {
    const held = await this.#connection.run('check a lock', (client) => evalScript(client, IS_LOCKED_SCRIPT, [this.#keys.lock(ref)]));
    return held === 1;
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  #readEntry(ref: EntryRef, raw: unknown): StoredEntry | undefined {
    const key = this.#keys.entry(ref);
    let entry: StoredEntry | undefined;
    try {
      // A key of another type comes back as [type]: not an entry.
      entry = typeof raw === 'string' ? parseStoredEntry(JSON.parse(raw)) : undefined;
    } catch {
      // Not JSON: `entry` stays undefined, reported below.
    }
    if (entry !== undefined && entry.provider === ref.provider && entry.fingerprint === ref.fingerprint) {
      this.#reported.delete(key);
      return entry;
    }
    this.#reportOnce(key, `ignoring the unreadable value at Redis key ${key}; the next discovery of ${ref.provider} overwrites it`);
    return undefined;
  }

  #readGeneration(raw: unknown): string {
    const generation = String(raw);
    if (generation.startsWith('corrupt:')) {
      this.#reportOnce(this.#keys.generation, `the counter at Redis key ${this.#keys.generation} is not an integer; the next commit replaces it`);
    } else {
      this.#reported.delete(this.#keys.generation);
    }
    return generation;
  }

  #reportOnce(key: string, message: string): void {
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.#logger.warn(message);
  }
}

/** A script's array reply; anything else means the script and this code disagree. */
function asArray(reply: unknown, script: string): unknown[] {
  if (Array.isArray(reply)) return reply as unknown[];
  throw new StoreUnavailableError(`Redis answered the ${script} script with an unexpected reply; check that the server runs Redis 6.2 or later`);
}
