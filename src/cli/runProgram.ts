// The whole `scoped-models` program: every command registered, arguments parsed, exit code set.
import 'reflect-metadata';
import { processIo, type CliIo } from './CliIo.js';
import { registerServeCommand } from './commands/serve.js';
import { createCli } from './createCli.js';
import { registerCommands } from './registerCommands.js';
import { packageVersion } from './packageVersion.js';

/** Runs the command `argv` names (as `process.argv`) and resolves to its exit code. */
export function runProgram(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const cli = createCli(io, { version: packageVersion() });
  registerCommands(cli.program, cli.deps);
  registerServeCommand(cli.program, cli.deps);
  return cli.run(argv);
}
