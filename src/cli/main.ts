#!/usr/bin/env node
// The `scoped-models` command: builds the program, registers one command per file, runs it.
import 'reflect-metadata';
import { processIo } from './CliIo.js';
import { registerCatalogCommand } from './commands/catalog.js';
import { registerCompleteCommand } from './commands/complete.js';
import { registerCompletionCommand } from './commands/completion.js';
import { registerDiscoverCommand } from './commands/discover.js';
import { registerListCommand } from './commands/list.js';
import { registerReplCommand } from './commands/repl.js';
import { registerServeCommand } from './commands/serve.js';
import { createCli } from './createCli.js';
import { packageVersion } from './packageVersion.js';

const cli = createCli(processIo(), { version: packageVersion() });
registerListCommand(cli.program, cli.deps);
registerDiscoverCommand(cli.program, cli.deps);
registerCompleteCommand(cli.program, cli.deps);
registerCompletionCommand(cli.program, cli.deps);
registerReplCommand(cli.program, cli.deps);
registerServeCommand(cli.program, cli.deps);
registerCatalogCommand(cli.program, cli.deps);

process.exitCode = await cli.run(process.argv);
