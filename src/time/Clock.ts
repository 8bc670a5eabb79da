/** Time, injected so that timeouts, TTLs and staleness are tested without sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Calls `callback` once after `ms` milliseconds and returns a function that cancels it.
   * A pending timer must not keep the process alive on its own.
   */
  setTimer(callback: () => void, ms: number): () => void;
}

/** The real clock: `Date.now` and unref'd `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};
