import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreUnavailableError } from '../errors/StoreUnavailableError.js';
import { silentLogger, type Logger } from '../logging/Logger.js';
import { systemClock, type Clock } from '../time/Clock.js';
import type { CatalogStore, CommitResult, EntryRef, StoredEntry } from './CatalogStore.js';
import { LocalLocks, refKey } from './LocalLocks.js';
import { parseStoredEntry } from './storedEntrySchema.js';

/** Options of {@link FileCatalogStore}. */
export interface FileCatalogStoreOptions {
  /** The JSON file; see `defaultCatalogPath()` for the usual place. */
  path: string;
  /** Time source for entry times and lock ages; default the system clock. */
  clock?: Clock;
  /** Where a corrupt file is reported; default silent. */
  logger?: Logger;
  /** How long a write waits for another process's lock before giving up, in ms. Default 2000. */
  lockTimeoutMs?: number;
  /** A lock file older than this was left by a crashed process and is taken over, in ms. Default 10 000. */
  staleLockMs?: number;
}

interface CatalogFile {
  generation: number;
  entries: Map<string, StoredEntry>;
}

const FILE_VERSION = 1;

/**
 * The last good lists in a JSON file, so a CLI starts without asking the network. Writes are
 * atomic (a temporary file renamed over the old one) and serialised across processes by a lock
 * file; each write merges per provider, newer wins, so two processes never lose each other's
 * results. A corrupt file is reported once and treated as empty, then overwritten.
 */
export class FileCatalogStore implements CatalogStore {
  readonly shared = true;
  readonly path: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #locks: LocalLocks;
  readonly #lockTimeoutMs: number;
  readonly #staleLockMs: number;
  #warnedCorrupt = false;

  constructor(options: FileCatalogStoreOptions) {
    this.path = options.path;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#locks = new LocalLocks(this.#clock);
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 2_000;
    this.#staleLockMs = options.staleLockMs ?? 10_000;
  }

  now(): Promise<number> {
    return Promise.resolve(this.#clock.now());
  }

  async generation(): Promise<string> {
    return String((await this.#read()).generation);
  }

  async load(refs: readonly EntryRef[]): Promise<{ generation: string; entries: StoredEntry[] }> {
    const file = await this.#read();
    const entries = refs.map((ref) => file.entries.get(refKey(ref))).filter((entry) => entry !== undefined);
    return { generation: String(file.generation), entries };
  }

  async commit(entry: StoredEntry): Promise<CommitResult> {
    return this.#withWriteLock(async () => {
      const file = await this.#read();
      const stored = file.entries.get(refKey(entry));
      if (stored !== undefined && stored.fetchedAt >= entry.fetchedAt) {
        return { accepted: false, entry: stored, generation: String(file.generation) };
      }
      file.entries.set(refKey(entry), entry);
      file.generation++;
      await this.#write(file);
      return { accepted: true, entry, generation: String(file.generation) };
    });
  }

  /** Fetch locks are per process: CLI runs are short, and the write lock keeps the file whole. */
  tryLock(ref: EntryRef, ttlMs: number): Promise<string | undefined> {
    return this.#locks.tryLock(ref, ttlMs);
  }

  unlock(ref: EntryRef, token: string): Promise<void> {
    return this.#locks.unlock(ref, token);
  }

  isLocked(ref: EntryRef): Promise<boolean> {
    return this.#locks.isLocked(ref);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async #read(): Promise<CatalogFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { generation: 0, entries: new Map() };
      throw new StoreUnavailableError(`cannot read the catalog file ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    const parsed = parseCatalogFile(text);
    if (parsed === undefined) {
      if (!this.#warnedCorrupt) {
        this.#warnedCorrupt = true;
        this.#logger.warn(`the catalog file ${this.path} is unreadable; ignoring it (the next discovery rewrites it)`);
      }
      return { generation: 0, entries: new Map() };
    }
    this.#warnedCorrupt = false;
    return parsed;
  }

  async #write(file: CatalogFile): Promise<void> {
    const body = JSON.stringify({ version: FILE_VERSION, generation: file.generation, entries: Object.fromEntries(file.entries) });
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, body, { mode: 0o600 });
      await rename(temporary, this.path);
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw new StoreUnavailableError(`cannot write the catalog file ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  async #withWriteLock<T>(work: () => Promise<T>): Promise<T> {
    const lockPath = `${this.path}.lock`;
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw new StoreUnavailableError(`cannot create the folder of ${this.path}: ${(error as Error).message}`, { cause: error });
    });
    const giveUpAt = this.#clock.now() + this.#lockTimeoutMs;
    const token = `${process.pid}:${randomBytes(8).toString('hex')}`;
    for (;;) {
      try {
        const handle = await open(lockPath, 'wx');
        await handle.writeFile(token);
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new StoreUnavailableError(`cannot lock the catalog file ${this.path}: ${(error as Error).message}`, { cause: error });
        }
      }
      if (await this.#isStale(lockPath)) {
        await unlink(lockPath).catch(() => {});
        continue;
      }
      if (this.#clock.now() >= giveUpAt) {
        throw new StoreUnavailableError(`the catalog file ${this.path} stayed locked by another process for ${this.#lockTimeoutMs} ms`);
      }
      await new Promise<void>((resolve) => this.#clock.setTimer(resolve, 10 + Math.floor(Math.random() * 20), { keepAlive: true }));
    }
    try {
      return await work();
    } finally {
      // Only our own lock: after a takeover, the file may be another process's by now.
      const holder = await readFile(lockPath, 'utf8').catch(() => '');
      if (holder === token) await unlink(lockPath).catch(() => {});
    }
  }

  async #isStale(lockPath: string): Promise<boolean> {
    try {
      return this.#clock.now() - (await stat(lockPath)).mtimeMs > this.#staleLockMs;
    } catch {
      return false;
    }
  }
}

function parseCatalogFile(text: string): CatalogFile | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { version, generation, entries } = json as Record<string, unknown>;
  if (version !== FILE_VERSION || !Number.isSafeInteger(generation) || typeof entries !== 'object' || entries === null) return undefined;
  const parsed = new Map<string, StoredEntry>();
  for (const [key, value] of Object.entries(entries)) {
    const entry = parseStoredEntry(value);
    if (entry !== undefined && refKey(entry) === key) parsed.set(key, entry);
  }
  return { generation: generation as number, entries: parsed };
}
