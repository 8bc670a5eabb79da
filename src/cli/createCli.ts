import { Command, CommanderError } from 'commander';
import { systemClock, type Clock } from '../time/Clock.js';
import type { CliDeps } from './CliDeps.js';
import type { CliIo } from './CliIo.js';
import { EXIT } from './exitCodes.js';
import { safeLines } from './sanitize.js';

/** The program and what its commands share; `run` parses the arguments and gives the exit code. */
export interface Cli {
  readonly program: Command;
  readonly deps: CliDeps;
  /** Runs the command `argv` names (as `process.argv`: node, script, args…); resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/**
 * The `scoped-models` program without its commands: output goes through `io` (sanitized), and
 * usage errors give exit code 2 instead of ending the process. Register commands before `run`.
 */
export function createCli(io: CliIo, options: { clock?: Clock; version?: string } = {}): Cli {
  let exitCode: number = EXIT.ok;
  const deps: CliDeps = {
    io,
    clock: options.clock ?? systemClock,
    setExitCode(code) {
      exitCode = code;
    },
  };
  const program = new Command('scoped-models')
    .description('List, discover and complete the provider-scoped model ids you can pick right now.')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(safeLines(text)),
      writeErr: (text) => io.stderr.write(safeLines(text)),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
    });
  if (options.version !== undefined) program.version(options.version);
  return {
    program,
    deps,
    async run(argv) {
      exitCode = EXIT.ok;
      try {
        await program.parseAsync([...argv]);
      } catch (error) {
        // Help and --version "fail" with exit code 0; every other commander error is bad usage.
        if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
        throw error;
      }
      return exitCode;
    },
  };
}
