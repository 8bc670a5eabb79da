import { Argument, type Command } from 'commander';
import type { CliDeps } from '../CliDeps.js';
import { withCommonOptions } from '../commonOptions.js';
import { EXIT } from '../exitCodes.js';
import { runAction } from '../runAction.js';
import { SHELLS, completionScript, type CommandSpec, type Shell } from '../shellScripts.js';

/** Registers `completion bash|zsh`: prints a script that wires `complete` into the shell. */
export function registerCompletionCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('completion'), { json: false })
    .description('print a shell completion script: source <(scoped-models completion bash)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action(
      runAction(deps, (shell: Shell) => {
        // Read when run, so commands registered after this one are covered too.
        deps.io.stdout.write(completionScript(shell, commandSpecs(program)));
        return Promise.resolve(EXIT.ok);
      }),
    );
}

/** What the scripts need of each registered command. */
export function commandSpecs(program: Command): CommandSpec[] {
  return program.commands.map((command) => ({
    name: command.name(),
    summary: command.summary() || command.description().split(/[;(:]/)[0]?.trim() || command.name(),
    options: command.options
      .filter((option) => option.long !== undefined)
      .map((option) => ({
        flag: option.long as string,
        description: option.description,
        takesValue: option.required || option.optional,
        variadic: option.variadic,
      })),
  }));
}
