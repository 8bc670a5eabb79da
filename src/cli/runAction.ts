import { ConfigError } from '../errors/ConfigError.js';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { UnknownProviderError } from '../errors/UnknownProviderError.js';
import type { CliDeps } from './CliDeps.js';
import type { CliIo } from './CliIo.js';
import { CliUsageError } from './CliUsageError.js';
import { EXIT } from './exitCodes.js';
import { InterruptedError } from './InterruptedError.js';
import { safeLines } from './sanitize.js';

/**
 * Wraps a command's action: its result becomes the exit code, and an error is printed (sanitized,
 * to stderr) and turned into one: 2 for usage and configuration errors, 130 for Ctrl-C, else 1.
 */
export function runAction<A extends unknown[]>(deps: CliDeps, action: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args) => {
    // The library's timers (timeouts, retry waits) are unref'd so they never hold a host
    // process open; a command that awaits them must, or Node would exit mid-await.
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      deps.setExitCode(await action(...args));
    } catch (error) {
      deps.setExitCode(reportError(deps.io, error));
    } finally {
      clearInterval(keepAlive);
    }
  };
}

/** Prints `error` for a person and returns the exit code it means. */
export function reportError(io: CliIo, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const known = ScopedModelsError.is(error);
  io.stderr.write(`scoped-models: ${safeLines(known ? message : `unexpected error: ${message}`)}\n`);
  if (error instanceof InterruptedError) return EXIT.interrupted;
  if (error instanceof ConfigError || error instanceof UnknownProviderError || error instanceof CliUsageError) return EXIT.usage;
  return EXIT.failed;
}
