import { closestIds } from '../../completion/closestIds.js';
import { ModelCommandCompleter, type ReadlineCompleter } from '../../completion/ModelCommandCompleter.js';
import type { ProviderManager } from '../../manager/ProviderManager.js';
import type { DiscoveryReport } from '../../manager/types.js';
import type { Clock } from '../../time/Clock.js';
import { describeProblem } from '../describeReport.js';
import { formatDuration } from '../formatDuration.js';
import { plural } from '../plural.js';
import { safeText } from '../sanitize.js';
import { withHints } from './withHints.js';

/** The commands the REPL understands, offered while the command word is typed. */
export const REPL_COMMANDS = ['/model', '/models', '/discover', '/help', '/quit'] as const;

/** Most ids `/models` prints; the CLI's `list` prints them all. */
export const MODELS_SHOWN = 200;

const HELP = [
  '/model <id>   select a model (Tab completes: prefix, word or fuzzy)',
  '/model        show the selected model',
  '/models       list the chat models you can pick',
  '/discover     ask the providers again, in the background',
  '/help         this list',
  '/quit         leave (Ctrl-D works too)',
].join('\n');

/** Options of {@link ReplSession}. */
export interface ReplSessionOptions {
  manager: ProviderManager;
  /** Shows a message to the user; may be called between prompts (a background discovery ending). */
  print: (text: string) => void;
  clock: Clock;
}

/**
 * What the REPL does with each line, apart from the terminal: selecting a model, listing,
 * discovering in the background. The line you type on shows the selected model via `prompt()`.
 */
export class ReplSession {
  readonly #manager: ProviderManager;
  readonly #print: (text: string) => void;
  readonly #clock: Clock;
  readonly #completer: ModelCommandCompleter;
  #selected: string | undefined;
  #discovery: { controller: AbortController; done: Promise<void> } | undefined;

  constructor(options: ReplSessionOptions) {
    this.#manager = options.manager;
    this.#print = options.print;
    this.#clock = options.clock;
    this.#completer = new ModelCommandCompleter(options.manager, { commands: REPL_COMMANDS });
  }

  /** The selected scoped id, if any. */
  get selected(): string | undefined {
    return this.#selected;
  }

  /** The prompt: the selected model (sanitized), then `> `. */
  prompt(): string {
    return `[${this.#selected === undefined ? 'no model' : safeText(this.#selected)}] > `;
  }

  /** The completer for `node:readline`: commands and `/model` ids, listed with a facts hint each. */
  readlineCompleter(): ReadlineCompleter {
    return withHints(this.#completer.readlineCompleter(), (id) => this.#manager.modelInfo(id));
  }

  /** Acts on one line; `quit` when the user asked to leave. Never waits: `/discover` runs in the background. */
  handle(line: string): 'continue' | 'quit' {
    const text = line.trim();
    if (text === '') return 'continue';
    const [command = '', ...args] = text.split(/\s+/);
    switch (command) {
      case '/quit':
      case '/exit':
        return 'quit';
      case '/help':
        this.#print(HELP);
        break;
      case '/model':
        if (args.length === 0) this.#print(this.#selected === undefined ? 'no model selected; type /model and press Tab' : `selected: ${safeText(this.#selected)}`);
        else this.select(args.join(' '));
        break;
      case '/models':
        this.#listModels();
        break;
      case '/discover':
        this.discover();
        break;
      default:
        this.#print(
          command.startsWith('/')
            ? `unknown command ${safeText(command)}; /help lists the commands`
            : `this prompt only picks models: ${this.#selected === undefined ? 'choose one with /model <Tab>' : `your text would go to ${safeText(this.#selected)}`}`,
        );
    }
    return 'continue';
  }

  /** Selects `id` when it is a valid chat model (an exact match, or the only one ignoring case); else says what is close. */
  select(id: string): boolean {
    const chat = this.#manager.validScopedModels({ capability: 'chat' });
    const exact = chat.includes(id) ? id : undefined;
    const folded = chat.filter((candidate) => candidate.toLowerCase() === id.toLowerCase());
    const found = exact ?? (folded.length === 1 ? folded[0] : undefined);
    if (found !== undefined) {
      this.#selected = found;
      this.#print(`selected ${safeText(found)}`);
      return true;
    }
    const info = this.#manager.modelInfo(id);
    if (info !== undefined) {
      this.#print(`${safeText(id)} is not a chat model (${safeText(info.capabilities.join(', '))}); pick another with /model <Tab>`);
      return false;
    }
    // What Tab would offer for it, best first, as the user knows it; edit distance only when Tab finds nothing.
    const ranked = this.#completer.complete(`/model ${id}`).items;
    const closest = (ranked.length > 0 ? ranked : closestIds(id, chat, this.#manager.separator, 3)).slice(0, 3);
    const hint = closest.length === 0 ? 'no models are known yet; try /discover' : `closest: ${closest.map(safeText).join(', ')}`;
    this.#print(`unknown model ${safeText(id)}; ${hint}`);
    return false;
  }

  /** Starts a discovery of `providers` (default all) in the background, unless one is running. */
  discover(providers?: readonly string[]): void {
    if (this.#discovery !== undefined) {
      this.#print('a discovery is already running');
      return;
    }
    const controller = new AbortController();
    const names = providers ?? this.#manager.providerNames();
    this.#print(`discovering ${names.map(safeText).join(', ')} in the background…`);
    const done = this.#manager
      .discoverModels(names, { signal: controller.signal })
      .then(
        (report) => this.#reportDiscovery(report),
        () => this.#print('discovery interrupted; what was known is kept'),
      )
      .finally(() => {
        this.#discovery = undefined;
      });
    this.#discovery = { controller, done };
  }

  /** Settles when the background discovery (if any) has ended. */
  async settled(): Promise<void> {
    await this.#discovery?.done;
  }

  /** Aborts a running discovery; false when none was running. */
  interrupt(): boolean {
    if (this.#discovery === undefined) return false;
    this.#discovery.controller.abort();
    return true;
  }

  /** Aborts a running discovery and waits for it to end. */
  async close(): Promise<void> {
    this.interrupt();
    await this.settled();
  }

  #listModels(): void {
    const chat = this.#manager.validScopedModels({ capability: 'chat' });
    if (chat.length === 0) {
      this.#print('no chat models are known yet; try /discover');
      return;
    }
    const shown = chat.slice(0, MODELS_SHOWN).map((id) => `${id === this.#selected ? '*' : ' '} ${safeText(id)}`);
    const more = chat.length > MODELS_SHOWN ? [`  … and ${chat.length - MODELS_SHOWN} more; type /model and a few letters, then Tab`] : [];
    this.#print([...shown, ...more].join('\n'));
  }

  #reportDiscovery(report: DiscoveryReport): void {
    const ok = report.providers.filter((provider) => provider.status === 'ok');
    const added = report.providers.reduce((sum, provider) => sum + provider.added.length, 0);
    const removed = report.providers.reduce((sum, provider) => sum + provider.removed.length, 0);
    const chat = this.#manager.validScopedModels({ capability: 'chat' }).length;
    const lines = [
      `discovery done in ${formatDuration(this.#clock.now() - report.startedAt.getTime())}: ${ok.length} of ${plural(report.providers.length, 'provider')} answered; ${plural(chat, 'chat model')} (+${added} -${removed})`,
      ...report.providers.filter((provider) => provider.status !== 'ok').map((provider) => `  ${provider.status}: ${describeProblem(provider)}`),
    ];
    if (this.#selected !== undefined && this.#manager.modelInfo(this.#selected) === undefined) {
      lines.push(`  ${safeText(this.#selected)} is no longer offered; pick another with /model <Tab>`);
    }
    this.#print(lines.join('\n'));
  }
}
