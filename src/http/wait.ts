import type { Clock } from '../time/Clock.js';

/** Resolves after `ms` on `clock`; rejects with `signal.reason` as soon as `signal` aborts. */
export function wait(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      cancel();
      reject(signal.reason as unknown);
    };
    const cancel = clock.setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms, { keepAlive: true });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
