import type { Command } from 'commander';
import { factsHint } from '../../facts/formatFacts.js';
import type { CliDeps } from '../CliDeps.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { EXIT } from '../exitCodes.js';
import { withSession } from '../openSession.js';
import { runAction } from '../runAction.js';
import { safeJson, safeText } from '../sanitize.js';

/** Registers `complete <text>`: completions from what is already known, never waiting on a network. */
export function registerCompleteCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('complete'))
    .description('print the completions of <text>, one per line: a REPL line ("/model gpt") or a partial model id ("gpt"); never waits on the network')
    .argument('<text>', 'what was typed; put -- before it when it starts with "-"')
    .option('--hints', 'add a tab and a short hint to each model id (context window, prices), for shell completion')
    .action(
      runAction(deps, (text: string, options: CommonOptions & { hints?: boolean }) =>
        withSession(deps.io, options.config, (session) => {
          // A partial id alone is completed as the argument of /model.
          const line = text.trimStart().startsWith('/') ? text : `/model ${text}`;
          const { items } = session.completer.complete(line);
          const hinted = (item: string): string => {
            const info = options.hints === true ? session.manager.modelInfo(item) : undefined;
            const hint = info === undefined ? undefined : factsHint(info);
            return hint === undefined ? safeText(item) : `${safeText(item)}\t${hint}`;
          };
          const output = options.json === true ? safeJson(items) : items.map(hinted).join('\n');
          if (output !== '') deps.io.stdout.write(`${output}\n`);
          return Promise.resolve(EXIT.ok);
        }),
      ),
    );
}
