import type { ServerResponse } from 'node:http';
import { ModelCommandCompleter } from '../completion/ModelCommandCompleter.js';
import type { ProviderManager } from '../manager/ProviderManager.js';
import { HttpError } from './HttpError.js';
import { sendJson } from './respond.js';

/** Options of a {@link CompletionRoute}. */
export interface CompletionRouteOptions {
  /** Most items answered, whatever `limit` asks. */
  maxItems: number;
}

const DEFAULT_LIMIT = 20;
/** Completers kept, one per capability asked for; bounded, since the capability comes from clients. */
const MAX_COMPLETERS = 16;
const ALL = '';

/**
 * `GET /v1/models/complete?q=…&limit=…&capability=…`: `{ items }`, the completer's ranked items
 * for the partial id `q`. Every model counts unless `capability` narrows the list.
 */
export class CompletionRoute {
  readonly #manager: ProviderManager;
  readonly #maxItems: number;
  readonly #completers = new Map<string, ModelCommandCompleter>();

  constructor(manager: ProviderManager, options: CompletionRouteOptions) {
    this.#manager = manager;
    this.#maxItems = options.maxItems;
  }

  /** Answers the completions for `rawQuery` (the part of the URL after `?`). */
  respond(res: ServerResponse, rawQuery: string): void {
    const params = new URLSearchParams(rawQuery);
    const q = params.get('q') ?? '';
    const limit = this.#limit(params.get('limit'));
    const capability = params.get('capability')?.trim().toLowerCase() ?? ALL;
    // The completer reads a command line; an id never holds white space, so such a q finds nothing.
    const items = /\s/.test(q) ? [] : this.#completer(capability).complete(`/model ${q}`).items.slice(0, limit);
    sendJson(res, 200, { items }, { 'cache-control': 'no-cache' });
  }

  #limit(raw: string | null): number {
    if (raw === null || raw === '') return Math.min(DEFAULT_LIMIT, this.#maxItems);
    const limit = Number(raw);
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new HttpError(400, 'invalid_query', `"limit" must be a whole number from 1 to ${this.#maxItems}`, { param: 'limit' });
    }
    return Math.min(limit, this.#maxItems);
  }

  #completer(capability: string): ModelCommandCompleter {
    let completer = this.#completers.get(capability);
    if (completer === undefined) {
      if (this.#completers.size >= MAX_COMPLETERS) {
        const oldest = this.#completers.keys().next();
        if (oldest.done !== true) this.#completers.delete(oldest.value);
      }
      completer = new ModelCommandCompleter(this.#manager, {
        command: '/model',
        limit: this.#maxItems,
        capability: capability === ALL ? null : capability,
      });
      this.#completers.set(capability, completer);
    }
    return completer;
  }
}
