import { ModelCommandCompleter } from '../completion/ModelCommandCompleter.js';
import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { BodyResponse } from './core/CoreResponse.js';
import { jsonResponse } from './core/jsonResponse.js';
import { HttpError } from './HttpError.js';
import { parseCapabilities } from './parseModelsQuery.js';

/** Options of a {@link CompletionRoute}. */
export interface CompletionRouteOptions {
  /** Most items answered, whatever `limit` asks. */
  maxItems: number;
  /** Marks answers `Cache-Control: private` (a tenant's). */
  isPrivate: boolean;
}

const DEFAULT_LIMIT = 20;
/** What a picker completes unless `capability` says otherwise: embeddings and speech models are not chat models. */
const DEFAULT_CAPABILITY = 'chat';

/**
 * `GET /v1/models/complete?q=…&limit=…&capability=…`: `{ items }`, the completer's ranked items
 * for the partial id `q`, over one reader. Chat models unless `capability` names another.
 */
export class CompletionRoute {
  readonly #reader: ModelCatalogReader;
  readonly #options: CompletionRouteOptions;
  /** One completer per capability, made on first use; the vocabulary bounds how many. */
  readonly #completers = new Map<string, ModelCommandCompleter>();

  constructor(reader: ModelCatalogReader, options: CompletionRouteOptions) {
    this.#reader = reader;
    this.#options = options;
  }

  /** Answers the completions for `rawQuery` (the part of the URL after `?`). */
  respond(rawQuery: string): BodyResponse {
    const params = new URLSearchParams(rawQuery);
    const q = params.get('q') ?? '';
    const limit = this.#limit(params.get('limit'));
    const capabilities = parseCapabilities(params);
    if (capabilities.length > 1) throw new HttpError(400, 'invalid_query', 'give "capability" at most once here, e.g. capability=embedding', { param: 'capability' });
    // The completer reads a command line; an id never holds white space, so such a q finds nothing.
    const completer = this.#completer(capabilities[0] ?? DEFAULT_CAPABILITY);
    const items = /\s/.test(q) ? [] : completer.complete(`/model ${q}`).items.slice(0, limit);
    return jsonResponse(200, { items }, { 'cache-control': this.#options.isPrivate ? 'private, no-cache' : 'no-cache' });
  }

  #limit(raw: string | null): number {
    const { maxItems } = this.#options;
    if (raw === null || raw === '') return Math.min(DEFAULT_LIMIT, maxItems);
    const limit = Number(raw);
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new HttpError(400, 'invalid_query', `"limit" must be a whole number from 1 to ${maxItems}`, { param: 'limit' });
    }
    return Math.min(limit, maxItems);
  }

  #completer(capability: string): ModelCommandCompleter {
    let completer = this.#completers.get(capability);
    if (completer === undefined) {
      completer = new ModelCommandCompleter(this.#reader, { command: '/model', limit: this.#options.maxItems, capability });
      this.#completers.set(capability, completer);
    }
    return completer;
  }
}
