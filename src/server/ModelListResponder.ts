import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ProviderManager } from '../manager/ProviderManager.js';
import { queryKey } from '../manager/queryKey.js';
import type { ModelQuery } from '../manager/types.js';
import { etagMatches, etagOf } from './etag.js';
import { toOpenAiModel, type OpenAiModel, type OpenAiModelList } from './openAiModel.js';
import { parseModelsQuery } from './parseModelsQuery.js';
import { JSON_CONTENT_TYPE } from './respond.js';

/** A serialised list and what answers it, valid while the manager's generation stays `generation`. */
interface CachedList {
  generation: number;
  readonly body: Buffer;
  readonly etag: string;
  readonly headers: OutgoingHttpHeaders;
  readonly notModifiedHeaders: OutgoingHttpHeaders;
}

/** Distinct queries whose bodies are kept; the no-query list is kept apart and never evicted. */
const MAX_CACHED_QUERIES = 64;

/**
 * Answers `GET /v1/models`. Each query's body is serialised once and reused, with its ETag,
 * until the manager's generation moves; a rebuild that yields the same bytes keeps the old
 * tag. A matching `If-None-Match` gets a 304 without serialising anything.
 */
export class ModelListResponder {
  readonly #manager: ProviderManager;
  #all: CachedList | undefined;
  readonly #byQuery = new Map<string, CachedList>();

  constructor(manager: ProviderManager) {
    this.#manager = manager;
  }

  /** Answers the list for `rawQuery` (the part of the URL after `?`, or `''`). */
  respond(req: IncomingMessage, res: ServerResponse, rawQuery: string): void {
    const list = rawQuery === '' ? this.#allList() : this.#queryList(rawQuery);
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, list.etag)) {
      res.writeHead(304, list.notModifiedHeaders);
      res.end();
      return;
    }
    res.writeHead(200, list.headers);
    res.end(list.body);
  }

  #allList(): CachedList {
    const cached = this.#all;
    if (cached !== undefined && cached.generation === this.#manager.generation) return cached;
    this.#all = this.#build(undefined, cached);
    return this.#all;
  }

  #queryList(rawQuery: string): CachedList {
    const query = parseModelsQuery(rawQuery);
    if (query === undefined) return this.#allList();
    const key = queryKey(query);
    const cached = this.#byQuery.get(key);
    if (cached !== undefined && cached.generation === this.#manager.generation) return cached;
    const list = this.#build(query, cached);
    if (cached === undefined && this.#byQuery.size >= MAX_CACHED_QUERIES) {
      // Oldest first: Map keeps insertion order. Bounded, since query strings come from clients.
      const oldest = this.#byQuery.keys().next();
      if (oldest.done !== true) this.#byQuery.delete(oldest.value);
    }
    this.#byQuery.set(key, list);
    return list;
  }

  #build(query: ModelQuery | undefined, previous: CachedList | undefined): CachedList {
    const generation = this.#manager.generation;
    const data: OpenAiModel[] = [];
    for (const id of this.#manager.validScopedModels(query)) {
      const info = this.#manager.modelInfo(id);
      if (info !== undefined) data.push(toOpenAiModel(info));
    }
    const list: OpenAiModelList = { object: 'list', data };
    const body = Buffer.from(JSON.stringify(list));
    const etag = etagOf(body);
    if (previous !== undefined && previous.etag === etag) {
      // Same bytes (this query's models did not change): keep the tag clients hold.
      previous.generation = generation;
      return previous;
    }
    return {
      generation,
      body,
      etag,
      headers: {
        'content-type': JSON_CONTENT_TYPE,
        'content-length': String(body.length),
        etag,
        'cache-control': 'no-cache',
      },
      notModifiedHeaders: { etag, 'cache-control': 'no-cache' },
    };
  }
}
