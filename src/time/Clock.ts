/** Options of {@link Clock.setTimer}. */
export interface TimerOptions {
  /**
   * Keep the process alive while the timer is pending: for waits that a caller awaits (a
   * deadline, a retry backoff, a lock wait). Default false: background timers (polls,
   * heartbeats) never keep a process alive on their own.
   */
  keepAlive?: boolean;
}

/** Time, injected so that timeouts, TTLs and staleness are tested without sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds and returns a function that cancels it. */
  setTimer(callback: () => void, ms: number, options?: TimerOptions): () => void;
}

/** The real clock: `Date.now` and `setTimeout`, unref'd unless `keepAlive`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms, options) {
    const handle = setTimeout(callback, ms);
    if (options?.keepAlive !== true) handle.unref();
    return () => clearTimeout(handle);
  },
};
