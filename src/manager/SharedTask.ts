/** The reason a shared task's signal carries when every waiter has gone. */
export const ABANDONED: unique symbol = Symbol('scoped-models.abandoned');

/**
 * One run of an async task shared by any number of waiters (single flight). A waiter whose
 * signal aborts stops waiting at once; the task itself is aborted when its last waiter leaves.
 */
export class SharedTask<T> {
  readonly #controller = new AbortController();
  readonly #result: Promise<T>;
  #waiters = 0;
  #settled = false;

  /** Starts `run` at once; it must resolve (not reject) and should stop when `signal` aborts. */
  constructor(run: (signal: AbortSignal) => Promise<T>) {
    this.#result = run(this.#controller.signal);
    const settle = (): void => {
      this.#settled = true;
    };
    this.#result.then(settle, settle);
  }

  /** Tells the task to stop now (its signal aborts with {@link ABANDONED}), waiters or not. */
  abort(): void {
    if (!this.#settled) this.#controller.abort(ABANDONED);
  }

  /** True once every waiter has gone and the task was told to stop: join a new one instead. */
  get abandoned(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Waits for the shared result; rejects with `signal.reason` if `signal` aborts first. */
  join(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as unknown);
    this.#waiters++;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        signal?.removeEventListener('abort', onAbort);
        this.#waiters--;
        if (this.#waiters === 0 && !this.#settled) this.#controller.abort(ABANDONED);
      };
      const onAbort = (): void => {
        leave();
        reject(signal?.reason as unknown);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#result.then(
        (value) => {
          leave();
          resolve(value);
        },
        (error: unknown) => {
          leave();
          reject(error);
        },
      );
    });
  }
}

/** Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as unknown);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
