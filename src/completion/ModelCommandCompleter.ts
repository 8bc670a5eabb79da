import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { ModelQuery } from '../manager/types.js';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { parseCommandLine } from './parseCommandLine.js';
import { ProviderIndexes } from './ProviderIndexes.js';
import { readlineResult } from './readlineResult.js';

/** Options of {@link ModelCommandCompleter}. */
export interface ModelCommandCompleterOptions {
  /** The command whose first argument is a model id. Default `/model`. */
  command?: string;
  /**
   * Every command a line may start with, offered while the command word is typed (`/mo` →
   * `/model`, `/models`). Default `['/model', '/models']`, or just `[command]` when `command` is set.
   */
  commands?: readonly string[];
  /** Most items returned. Default 50. */
  limit?: number;
  /** Only models with this capability; `null` for every model. Default `chat`. */
  capability?: string | null;
}

/** The completions for the word at the cursor. */
export interface CompletionResult {
  /** Best first; at most `limit`. */
  items: string[];
  /** Where the completed word starts in the line: replace `line.slice(from, cursor)` with an item. */
  from: number;
}

/**
 * What the completer reads: any {@link ModelCatalogReader} (the manager, a tenant's view), of
 * which it needs only the list, the separator and the generation that says when to re-index.
 */
export type CompletionSource = Pick<ModelCatalogReader, 'validScopedModels' | 'separator' | 'generation'>;

/** A `node:readline` completer: the matches, and the text they complete. */
export type ReadlineCompleter = (line: string) => [string[], string];

/**
 * Completes `/model <partial>` over the valid scoped ids, ranked: (1) prefix of the id,
 * (2) prefix of the model id or of the text after any `/`, (3) prefix from any word start
 * (words break at the separator and `/ - . : _`), (4) a fuzzy subsequence when 1–3 find
 * nothing; shorter ids first within a tier, then code-unit order. Case-insensitive.
 *
 * It reads `validScopedModels()` on every call (a cache hit) and rebuilds its index only when
 * that returns a different array and the manager's `generation` has moved; the index is kept per
 * provider, so a change rebuilds only the providers whose ids changed.
 * @example
 * const completer = new ModelCommandCompleter(manager);
 * completer.complete('/model sonnet'); // { items: ['anthropic/claude-sonnet-4-5'], from: 7 }
 */
export class ModelCommandCompleter {
  readonly #manager: CompletionSource;
  readonly #command: string;
  readonly #commands: readonly string[];
  readonly #limit: number;
  /** One query object for every call: reading it costs no allocation. */
  readonly #query: ModelQuery | undefined;
  #index: ProviderIndexes | undefined;
  #indexGeneration = -1;
  #builds = 0;

  constructor(manager: CompletionSource, options: ModelCommandCompleterOptions = {}) {
    const { command = '/model', limit = 50, capability = 'chat' } = options;
    if (command.length === 0 || /\s/.test(command)) {
      throw new ScopedModelsError('invalid_option', `ModelCommandCompleter: command must be one word without spaces, got ${JSON.stringify(command)}`);
    }
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ScopedModelsError('invalid_option', `ModelCommandCompleter: limit must be a whole number ≥ 1, got ${String(limit)}`);
    }
    this.#manager = manager;
    this.#command = command;
    this.#commands = options.commands ?? (options.command === undefined ? ['/model', '/models'] : [command]);
    this.#limit = limit;
    this.#query = capability === null ? undefined : Object.freeze({ capability });
  }

  /**
   * The completions for the word that ends at `cursor` (default: the end of `line`). Text after
   * the cursor is ignored. A line still typing its command word completes the command.
   */
  complete(line: string, cursor?: number): CompletionResult {
    const end = cursor === undefined || Number.isNaN(cursor) ? line.length : Math.min(Math.max(Math.trunc(cursor), 0), line.length);
    const state = parseCommandLine(line.slice(0, end), this.#command);
    switch (state.kind) {
      case 'none':
        return { items: [], from: state.from };
      case 'command':
        return { items: this.#completeCommand(state.word), from: state.from };
      case 'argument':
        return { items: this.#currentIndex().search(state.word, this.#limit), from: state.from };
    }
  }

  /**
   * An adapter for `node:readline`'s `completer` option. Tab never destroys what was typed:
   * one match replaces the word; several are listed (on the second Tab), and the word is only
   * extended when every match starts with a longer common prefix.
   * @example readline.createInterface({ input, output, completer: completer.readlineCompleter() })
   */
  readlineCompleter(): ReadlineCompleter {
    return (line) => {
      const { items, from } = this.complete(line);
      return readlineResult(items, line.slice(from));
    };
  }

  /** How many times the index has been built: it grows only when the valid list changes. */
  get indexBuilds(): number {
    return this.#builds;
  }

  #currentIndex(): ProviderIndexes {
    const models = this.#manager.validScopedModels(this.#query);
    if (this.#index?.source === models) return this.#index;
    // Another array with the same generation holds the same ids (the cache was merely
    // invalidated, or another query took the single slot): keep the index, note the array.
    if (this.#index !== undefined && this.#indexGeneration === this.#manager.generation) {
      this.#index.source = models;
      return this.#index;
    }
    // Only the providers whose ids changed are indexed again; the others' parts are kept.
    this.#index = new ProviderIndexes(models, this.#manager.separator, this.#index);
    this.#indexGeneration = this.#manager.generation;
    this.#builds++;
    return this.#index;
  }

  #completeCommand(word: string): string[] {
    const typed = word.toLowerCase();
    return [...new Set(this.#commands)]
      .filter((command) => command.toLowerCase().startsWith(typed))
      .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, this.#limit);
  }
}
