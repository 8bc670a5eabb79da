import type { Command } from 'commander';
import type { CliDeps } from '../CliDeps.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { completionOutput } from '../completionOutput.js';
import { CliUsageError } from '../CliUsageError.js';
import { EXIT } from '../exitCodes.js';
import { withSession } from '../openSession.js';
import { runAction } from '../runAction.js';
import { safeText } from '../sanitize.js';

/** The options of `complete`. */
interface CompleteOptions extends CommonOptions {
  describe?: boolean;
  providers?: boolean;
}

/**
 * Registers `complete <text>`: completions from what is already known, never waiting on a network.
 * `src/cli/quick/quickComplete.ts` answers the same arguments without the container; keep the two alike.
 */
export function registerCompleteCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('complete'))
    .description('print the completions of <text>, one per line: a REPL line ("/model gpt") or a partial model id ("gpt"); never waits on the network')
    .argument('[text]', 'what was typed; put -- before it when it starts with "-"')
    .option('--describe', 'print "<id><TAB><display name, context window>" lines (for zsh)')
    .option('--providers', 'print the configured provider names instead')
    .action(
      runAction(deps, (text: string | undefined, options: CompleteOptions) =>
        withSession(deps.io, options.config, (session) => {
          if (options.providers === true) {
            const names = session.manager.providerNames();
            if (names.length > 0) deps.io.stdout.write(`${names.map(safeText).join('\n')}\n`);
            return Promise.resolve(EXIT.ok);
          }
          if (text === undefined) throw new CliUsageError('usage', 'complete needs the text to complete, e.g. scoped-models complete gpt');
          // A partial id alone is completed as the argument of /model.
          const line = text.trimStart().startsWith('/') ? text : `/model ${text}`;
          const { items } = session.completer.complete(line);
          deps.io.stdout.write(completionOutput(items, options, (id) => session.manager.modelInfo(id)));
          return Promise.resolve(EXIT.ok);
        }),
      ),
    );
}
