import type { Command } from 'commander';
import type { CliDeps } from './CliDeps.js';
import { registerCatalogCommand } from './commands/catalog.js';
import { registerCompleteCommand } from './commands/complete.js';
import { registerCompletionCommand } from './commands/completion.js';
import { registerDiscoverCommand } from './commands/discover.js';
import { registerListCommand } from './commands/list.js';
import { registerReplCommand } from './commands/repl.js';

/** Registers every command that answers and exits; `serve`, which keeps running, is registered on its own. */
export function registerCommands(program: Command, deps: CliDeps): void {
  registerListCommand(program, deps);
  registerDiscoverCommand(program, deps);
  registerCompleteCommand(program, deps);
  registerCompletionCommand(program, deps);
  registerReplCommand(program, deps);
  registerCatalogCommand(program, deps);
}
