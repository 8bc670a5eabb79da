// The whole `scoped-models` program: every command registered, arguments parsed, exit code set.
import 'reflect-metadata';
import { processIo, type CliIo } from './CliIo.js';
import { registerCatalogCommand } from './commands/catalog.js';
import { registerCompleteCommand } from './commands/complete.js';
import { registerCompletionCommand } from './commands/completion.js';
import { registerDiscoverCommand } from './commands/discover.js';
import { registerListCommand } from './commands/list.js';
import { registerReplCommand } from './commands/repl.js';
import { registerServeCommand } from './commands/serve.js';
import { createCli } from './createCli.js';
import { packageVersion } from './packageVersion.js';

/** Runs the command `argv` names (as `process.argv`) and resolves to its exit code. */
export function runProgram(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const cli = createCli(io, { version: packageVersion() });
  registerListCommand(cli.program, cli.deps);
  registerDiscoverCommand(cli.program, cli.deps);
  registerCompleteCommand(cli.program, cli.deps);
  registerCompletionCommand(cli.program, cli.deps);
  registerReplCommand(cli.program, cli.deps);
  registerServeCommand(cli.program, cli.deps);
  registerCatalogCommand(cli.program, cli.deps);
  return cli.run(argv);
}
