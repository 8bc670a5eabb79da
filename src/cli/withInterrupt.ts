import type { CliIo } from './CliIo.js';
import { InterruptedError } from './InterruptedError.js';

/**
 * Runs `work` with a signal that Ctrl-C aborts (with an {@link InterruptedError}), so a
 * discovery in flight stops cleanly; the default SIGINT exit is held off meanwhile.
 */
export async function withInterrupt<T>(io: CliIo, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = io.onInterrupt(() => controller.abort(new InterruptedError(what)));
  try {
    return await work(controller.signal);
  } finally {
    stop();
  }
}
