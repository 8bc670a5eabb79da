import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One provider's run of failures: how many in a row, and when the last one ended. */
interface Failures {
  count: number;
  at: number;
}

/** The first wait after a failure; it doubles with each failure in a row. */
export const FIRST_BACKOFF_MS = 30_000;
/** The longest wait between two attempts at a failing provider. */
export const MAX_BACKOFF_MS = 30 * 60_000;

/**
 * Which providers failed lately, kept in a file beside the file store's catalog, so that `list`
 * does not ask a dead provider again on every run: after a failure, the next attempt waits 30 s,
 * doubling with each failure in a row up to 30 min. A success forgets the provider.
 */
export class FailureMemory {
  readonly #path: string;
  readonly #failures: Map<string, Failures>;

  private constructor(path: string, failures: Map<string, Failures>) {
    this.#path = path;
    this.#failures = failures;
  }

  /** The memory kept beside `catalogPath`; an unreadable file counts as empty. */
  static beside(catalogPath: string): FailureMemory {
    const path = join(dirname(catalogPath), 'failures.json');
    const failures = new Map<string, Failures>();
    try {
      const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
      for (const [name, value] of Object.entries(typeof json === 'object' && json !== null ? json : {})) {
        const { count, at } = (value ?? {}) as Partial<Failures>;
        if (Number.isSafeInteger(count) && typeof at === 'number') failures.set(name, { count: count as number, at });
      }
    } catch {
      // No file yet, or one we cannot read: nothing is remembered.
    }
    return new FailureMemory(path, failures);
  }

  /** When `provider` may be asked again; `undefined` when it may be asked now. */
  retryAt(provider: string, now: number): number | undefined {
    const failures = this.#failures.get(provider);
    if (failures === undefined) return undefined;
    const at = failures.at + Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(failures.count - 1, 20));
    return at > now ? at : undefined;
  }

  /** Records the outcome of asking `provider` at `now`. */
  record(provider: string, ok: boolean, now: number): void {
    if (ok) this.#failures.delete(provider);
    else this.#failures.set(provider, { count: (this.#failures.get(provider)?.count ?? 0) + 1, at: now });
  }

  /** Writes the memory (atomically: a reader never sees half a file); a write that fails is only a lost hint. */
  save(): void {
    try {
      mkdirSync(dirname(this.#path), { recursive: true });
      const temporary = `${this.#path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(Object.fromEntries(this.#failures))}\n`);
      renameSync(temporary, this.#path);
    } catch {
      // The next run asks again: no worse than without a memory.
    }
  }
}
