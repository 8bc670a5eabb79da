import { redact, type Secret } from '../config/Secret.js';
import { ConfigError } from '../errors/ConfigError.js';
import { ProviderError } from '../errors/ProviderError.js';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { untilAborted } from '../manager/SharedTask.js';
import { UNAVAILABLE, type StoreLink } from '../manager/StoreLink.js';
import type { ProviderReport } from '../manager/types.js';
import type { ModelInfo, ModelProvider } from '../providers/ModelProvider.js';
import { normalizeModels } from '../providers/normalizeModels.js';
import type { StoredEntry } from '../store/CatalogStore.js';
import type { Clock } from '../time/Clock.js';
import type { CredentialList } from './CredentialList.js';

/** How often a fetch waiting on another instance's lock looks again, in ms. */
const LOCK_CHECK_MS = 100;
/** First wait after a refused key (401/403) or an unusable one; doubles per failure, up to the TTL. */
const REFUSED_BACKOFF_MS = 60_000;
/** First wait after any other failure (network, 5xx, timeout); doubles per failure, up to the TTL. */
const FAILED_BACKOFF_MS = 5_000;

/** What {@link CredentialFetch} needs. */
export interface CredentialFetchOptions {
  clock: Clock;
  link: StoreLink;
  /** True when lists go to the store under their fingerprint (a configured secret and a shared store). */
  sharing: boolean;
  ttlMs: number;
  /** One fetch's whole budget, in ms. */
  timeoutMs: number;
  /** Told after a list changed what it shows. */
  changed: (list: CredentialList) => void;
}

/**
 * One fetch of one credential's list: from the shared store when another instance holds it fresh,
 * else from the provider with the tenant's key. Never rejects: a failure keeps the last good list,
 * becomes a failed row (a refused key says so) and backs the credential off.
 */
export class CredentialFetch {
  readonly #options: CredentialFetchOptions;
  readonly #running = new Set<AbortController>();
  #closed = false;

  constructor(options: CredentialFetchOptions) {
    this.#options = options;
  }

  async run(list: CredentialList, provider: () => ModelProvider, key: Secret): Promise<ProviderReport> {
    const { clock, timeoutMs } = this.#options;
    const name = list.ref.provider;
    const started = clock.now();
    const before = list.held ? list.entry.scopedIds : [];
    const controller = new AbortController();
    if (this.#closed) controller.abort(closedError());
    this.#running.add(controller);
    const cancelTimer = clock.setTimer(
      () => controller.abort(new ProviderError(name, 'timeout', `no answer within ${timeoutMs} ms; raise discovery.timeoutMs or check that the provider is reachable`)),
      timeoutMs,
      { keepAlive: true },
    );
    try {
      const invalid = await this.#obtain(list, provider, controller.signal);
      return this.#report(list, 'ok', started, before, invalid);
    } catch (error) {
      const failure = describeFailure(name, controller.signal.aborted ? controller.signal.reason : error, key);
      list.failures += 1;
      const base = failure.refused ? REFUSED_BACKOFF_MS : FAILED_BACKOFF_MS;
      list.dueAfter(Math.min(this.#options.ttlMs, base * 2 ** Math.min(list.failures - 1, 20)), clock);
      list.entry.state = 'failed';
      list.entry.lastError = { code: failure.code, message: failure.message, at: new Date(clock.now()) };
      return this.#report(list, 'failed', started, before, 0, failure);
    } finally {
      cancelTimer();
      this.#running.delete(controller);
    }
  }

  /** Aborts every fetch in flight, and those started afterwards. */
  close(): void {
    this.#closed = true;
    for (const controller of this.#running) controller.abort(closedError());
  }

  /**
   * Without sharing, fetches. With it: adopts a fresh stored list, or fetches under the store's
   * lock; while another instance holds that lock, waits for it and adopts its commit (or takes
   * over when it stored none), so instances too ask once per key. Resolves with the count of
   * malformed entries dropped.
   */
  async #obtain(list: CredentialList, provider: () => ModelProvider, signal: AbortSignal): Promise<number> {
    const { link, sharing, timeoutMs } = this.#options;
    if (!sharing) return this.#fetch(list, provider(), signal);
    for (;;) {
      if (await this.#adoptStored(list)) return 0;
      signal.throwIfAborted();
      const token = await link.call((store) => store.tryLock(list.ref, timeoutMs));
      if (token !== undefined) {
        try {
          return await this.#fetch(list, provider(), signal);
        } finally {
          if (typeof token === 'string') await link.call((store) => store.unlock(list.ref, token));
        }
      }
      do await this.#pause(signal);
      while ((await link.call((store) => store.isLocked(list.ref))) === true);
    }
  }

  #pause(signal: AbortSignal): Promise<void> {
    let cancel = (): void => {};
    const waited = new Promise<void>((resolve) => {
      cancel = this.#options.clock.setTimer(resolve, LOCK_CHECK_MS, { keepAlive: true });
    });
    return untilAborted(waited, signal).finally(cancel);
  }

  async #fetch(list: CredentialList, provider: ModelProvider, signal: AbortSignal): Promise<number> {
    const { link, sharing, clock } = this.#options;
    const storeNow = sharing ? await link.call((store) => store.now()) : UNAVAILABLE;
    const fetchedAt = Math.max(storeNow === UNAVAILABLE ? clock.now() : storeNow, (list.entry.fetchedAt ?? -1) + 1);
    // Not started when already aborted: its rejection would have no one to catch it.
    signal.throwIfAborted();
    const { models, invalid, readable } = normalizeModels(await untilAborted(provider.listModels(signal), signal));
    if (!readable) {
      throw new ProviderError(list.ref.provider, 'bad_response', `the answer held no readable model (${invalid} malformed); the last good list is kept`);
    }
    if (!sharing) {
      this.#apply(list, models, fetchedAt, 0);
      return invalid;
    }
    const fetched: StoredEntry = { ...list.ref, fetchedAt, models };
    const commit = await link.call((store) => store.commit(fetched));
    const kept = commit === UNAVAILABLE || commit.accepted ? fetched : commit.entry;
    this.#apply(list, normalizeModels(kept.models).models, kept.fetchedAt, 0);
    return invalid;
  }

  /** With sharing: adopts a list another instance stored that is fresh and newer than ours. */
  async #adoptStored(list: CredentialList): Promise<boolean> {
    const { link, sharing, ttlMs } = this.#options;
    if (!sharing) return false;
    const loaded = await link.call((store) => store.load([list.ref]));
    const stored = loaded === UNAVAILABLE ? undefined : loaded.entries[0];
    if (stored === undefined || stored.fetchedAt <= (list.entry.fetchedAt ?? -1)) return false;
    const storeNow = await link.call((store) => store.now());
    if (storeNow === UNAVAILABLE || storeNow - stored.fetchedAt >= ttlMs) return false;
    this.#apply(list, normalizeModels(stored.models).models, stored.fetchedAt, storeNow - stored.fetchedAt);
    return true;
  }

  #apply(list: CredentialList, models: readonly ModelInfo[], fetchedAt: number, ageMs: number): void {
    // Evicted while in flight: holding the answer would outgrow the bound; the next use fetches again.
    if (list.evicted) return;
    const { clock, ttlMs, changed } = this.#options;
    const change = list.entry.replaceModels(models);
    // Written to the store already (or never): holding the raw answer too would double the memory.
    list.entry.fetchedModels = [];
    list.entry.fetchedAt = fetchedAt;
    list.entry.state = 'ok';
    list.entry.lastSuccessAt = new Date(fetchedAt);
    list.failures = 0;
    list.dueAfter(Math.max(0, ttlMs - ageMs), clock);
    const arrived = !list.held;
    list.held = true;
    if (arrived || change.changed) changed(list);
  }

  #report(
    list: CredentialList,
    status: 'ok' | 'failed',
    started: number,
    before: readonly string[],
    invalid: number,
    failure?: { code: string; message: string },
  ): ProviderReport {
    const after = list.held ? list.entry.scopedIds : [];
    const old = new Set(before);
    const now = new Set(after);
    const report: ProviderReport = {
      name: list.ref.provider,
      status,
      models: after.length,
      invalid,
      durationMs: this.#options.clock.now() - started,
      added: after.filter((id) => !old.has(id)),
      removed: before.filter((id) => !now.has(id)),
    };
    if (failure !== undefined) {
      report.code = failure.code;
      report.error = failure.message;
    }
    return report;
  }
}

function closedError(): ScopedModelsError {
  return new ScopedModelsError('closed', 'the manager was closed; this list is no longer fetched');
}

/** A failure as a tenant's row shows it: a refused or unusable key says so; never the key. */
function describeFailure(name: string, error: unknown, key: Secret): { code: string; message: string; refused: boolean } {
  if (error instanceof ProviderError && (error.code === 'auth' || error.code === 'forbidden')) {
    return {
      code: error.code,
      message: `${name}: the key this tenant gave was refused (${error.status ?? (error.code === 'auth' ? 401 : 403)}); check it or give another; it is not asked again for a while`,
      refused: true,
    };
  }
  if (error instanceof ConfigError) {
    return { code: 'invalid_key', message: `${name}: the key this tenant gave holds characters an HTTP header cannot carry`, refused: true };
  }
  const secrets = [key.reveal()];
  if (ScopedModelsError.is(error)) return { code: error.code, message: redact(error.message, secrets), refused: false };
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'failed', message: redact(`${name}: listing models failed: ${detail}`, secrets), refused: false };
}
