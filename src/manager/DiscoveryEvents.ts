import type { DiscoveryObserver, DiscoveryFinished, DiscoveryStarted, FetchFinished, FetchStarted } from './DiscoveryObserver.js';

/**
 * The manager's one channel to its observers: hands each event to every observer, ignoring
 * one that throws, and counts the retries adapters report (`retried`, wired to their
 * `onRetry`) so that a fetch's `retries` can be told. A container shares one between its
 * providers and its manager; a manager built by hand makes its own.
 */
export class DiscoveryEvents {
  readonly #observers = new Set<DiscoveryObserver>();
  /** Retries per provider since its fetch started. */
  readonly #retries = new Map<string, number>();

  /** Adds `observer`; returns the function that removes it. */
  observe(observer: DiscoveryObserver): () => void {
    this.#observers.add(observer);
    return () => {
      this.#observers.delete(observer);
    };
  }

  /** An adapter is about to retry a request of `provider` (an `onRetry` hook). */
  retried(provider: string): void {
    const count = this.#retries.get(provider);
    if (count !== undefined) this.#retries.set(provider, count + 1);
  }

  discoveryStarted(event: DiscoveryStarted): void {
    this.#emit((observer) => observer.discoveryStarted?.(event));
  }

  discoveryFinished(event: DiscoveryFinished): void {
    this.#emit((observer) => observer.discoveryFinished?.(event));
  }

  fetchStarted(event: FetchStarted): void {
    this.#retries.set(event.provider, 0);
    this.#emit((observer) => observer.fetchStarted?.(event));
  }

  fetchFinished(event: Omit<FetchFinished, 'retries'>): void {
    const finished: FetchFinished = { ...event, retries: this.#retries.get(event.provider) ?? 0 };
    this.#retries.delete(event.provider);
    this.#emit((observer) => observer.fetchFinished?.(finished));
  }

  storeReloaded(ok: boolean): void {
    this.#emit((observer) => observer.storeReloaded?.({ ok }));
  }

  busReconnected(): void {
    this.#emit((observer) => observer.busReconnected?.());
  }

  #emit(call: (observer: DiscoveryObserver) => void): void {
    for (const observer of this.#observers) {
      try {
        call(observer);
      } catch {
        // An observer's failure must never change what the manager does.
      }
    }
  }
}
