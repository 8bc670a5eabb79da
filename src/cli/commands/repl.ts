import type { Command } from 'commander';
import { createInterface, type Interface } from 'node:readline';
import type { CliDeps } from '../CliDeps.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { DEFAULT_MAX_AGE_MS, providersToDiscover } from '../ensureFresh.js';
import { EXIT } from '../exitCodes.js';
import { withSession, type Session } from '../openSession.js';
import { ReplSession } from '../repl/ReplSession.js';
import { runAction } from '../runAction.js';
import { safeLines } from '../sanitize.js';

/** Registers `repl`: an interactive prompt where `/model <Tab>` completes and the prompt shows the selection. */
export function registerReplCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('repl'), { json: false })
    .description('an interactive prompt: /model <Tab> completes, /model <id> selects, /models, /discover, /help, /quit')
    .action(runAction(deps, (options: CommonOptions) => withSession(deps.io, options.config, (session) => repl(deps, session))));
}

function repl(deps: CliDeps, session: Session): Promise<number> {
  const { io } = deps;
  const terminal = io.stdin.isTTY === true && io.stdout.isTTY === true;
  // Set once readline exists; messages printed before that go out plainly.
  const terminalLine: { rl?: Interface } = {};
  let handling = false;
  const print = (text: string): void => {
    const safe = safeLines(text);
    const { rl } = terminalLine;
    if (rl === undefined || handling || !terminal) {
      io.stdout.write(`${safe}\n`);
      return;
    }
    // A message between prompts (a background discovery ending): print it above the line being
    // typed, then redraw the prompt with what was typed so far.
    io.stdout.write(`\r\u001b[2K${safe}\n`);
    rl.prompt(true);
  };
  const replSession = new ReplSession({ manager: session.manager, print, clock: deps.clock });
  print('scoped-models repl: type /model and press Tab to pick a model; /help lists the commands');
  const stale = providersToDiscover({
    selected: session.manager.providerNames(),
    providers: session.providers,
    statuses: session.manager.providerStatus(),
    refresh: false,
    now: deps.clock.now(),
    maxAgeMs: session.config.discovery.refreshIntervalMs ?? DEFAULT_MAX_AGE_MS,
  });
  if (stale.length > 0) replSession.discover(stale);
  const readline = createInterface({ input: io.stdin, output: io.stdout, terminal, completer: replSession.readlineCompleter(), historySize: 200 });
  terminalLine.rl = readline;
  readline.setPrompt(replSession.prompt());
  readline.prompt();
  return new Promise<number>((resolve) => {
    let code: number = EXIT.ok;
    const onInterrupt = (): void => {
      // Ctrl-C stops a running discovery first, then clears the line, then leaves.
      if (replSession.interrupt()) return;
      if (readline.line.length > 0) {
        readline.write(null, { ctrl: true, name: 'e' });
        readline.write(null, { ctrl: true, name: 'u' });
        return;
      }
      code = EXIT.interrupted;
      readline.close();
    };
    const stopInterrupts = io.onInterrupt(onInterrupt);
    readline.on('SIGINT', onInterrupt);
    readline.on('line', (line) => {
      handling = true;
      const next = replSession.handle(line);
      handling = false;
      if (next === 'quit') {
        readline.close();
        return;
      }
      readline.setPrompt(replSession.prompt());
      readline.prompt();
    });
    readline.on('close', () => {
      stopInterrupts();
      if (terminal) io.stdout.write('\n');
      void replSession.close().then(() => resolve(code));
    });
  });
}
