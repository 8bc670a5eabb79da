import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { ModelQuery } from '../manager/types.js';
import type { BodyResponse } from './core/CoreResponse.js';
import { JSON_CONTENT_TYPE } from './core/jsonResponse.js';
import { etagMatches, etagOf } from './etag.js';
import { toOpenAiModel, type OpenAiModel, type OpenAiModelList } from './openAiModel.js';
import { modelsQueryKey, type ParsedModelsQuery } from './parseModelsQuery.js';

/** A serialised list and what answers it, valid while the reader's generation stays `generation`. */
interface CachedList {
  readonly generation: number;
  readonly etag: string;
  readonly ok: BodyResponse;
  readonly notModified: BodyResponse;
}

/** Distinct queries whose bodies are kept; the no-query list is kept apart and never evicted. */
const MAX_CACHED_QUERIES = 64;

/**
 * Answers `GET /v1/models` for one reader. Each query's body is serialised once and reused, with
 * its ETag, until the reader's generation moves. A matching `If-None-Match` gets a 304 without
 * serialising anything. The ETag is the body's hash, so a rebuild that yields the same bytes keeps
 * the tag clients hold, and two readers (tenants) share a tag only when their lists are the same bytes.
 */
export class ModelListResponder {
  readonly #reader: ModelCatalogReader;
  readonly #cacheControl: string;
  #all: CachedList | undefined;
  readonly #byQuery = new Map<string, CachedList>();

  /** `isPrivate` marks a tenant's answers `Cache-Control: private`. */
  constructor(reader: ModelCatalogReader, isPrivate: boolean) {
    this.#reader = reader;
    this.#cacheControl = isPrivate ? 'private, no-cache' : 'no-cache';
  }

  /** Answers the list for `query` (`undefined`: every model), or a 304 when `ifNoneMatch` names its tag. */
  respond(query: ParsedModelsQuery | undefined, ifNoneMatch: string | undefined): BodyResponse {
    const list = query === undefined ? this.#allList() : this.#queryList(query);
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, list.etag)) return list.notModified;
    return list.ok;
  }

  #allList(): CachedList {
    const cached = this.#all;
    if (cached !== undefined && cached.generation === this.#reader.generation) return cached;
    this.#all = this.#build(undefined);
    return this.#all;
  }

  #queryList(query: ParsedModelsQuery): CachedList {
    const key = modelsQueryKey(query);
    const cached = this.#byQuery.get(key);
    if (cached !== undefined && cached.generation === this.#reader.generation) return cached;
    const list = this.#build(query);
    if (cached === undefined && this.#byQuery.size >= MAX_CACHED_QUERIES) {
      // Oldest first: Map keeps insertion order. Bounded, since query strings come from clients.
      const oldest = this.#byQuery.keys().next();
      if (oldest.done !== true) this.#byQuery.delete(oldest.value);
    }
    this.#byQuery.set(key, list);
    return list;
  }

  #build(query: ModelQuery | undefined): CachedList {
    // Read before the list: a change landing in between leaves this entry older, never newer, than its bytes.
    const generation = this.#reader.generation;
    const data: OpenAiModel[] = [];
    for (const id of this.#reader.validScopedModels(query)) {
      const info = this.#reader.modelInfo(id);
      if (info !== undefined) data.push(toOpenAiModel(info));
    }
    const list: OpenAiModelList = { object: 'list', data };
    const body = Buffer.from(JSON.stringify(list));
    const etag = etagOf(body);
    const cacheControl = this.#cacheControl;
    return {
      generation,
      etag,
      ok: {
        kind: 'body',
        status: 200,
        headers: { 'content-type': JSON_CONTENT_TYPE, 'content-length': String(body.length), etag, 'cache-control': cacheControl },
        body,
      },
      notModified: { kind: 'body', status: 304, headers: { etag, 'cache-control': cacheControl } },
    };
  }
}
